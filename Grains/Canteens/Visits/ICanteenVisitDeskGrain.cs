using Occupancy.Grains.Access;

namespace Occupancy.Grains.Canteens.Visits;

/// <summary>A canteen's desk (key: the canteen id; stateless, any silo answers): who came, for which meal.</summary>
public interface ICanteenVisitDeskGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a diner's visit (see <see cref="VisitRequest"/>), durable in the canteen's day and the member's history
    /// before it answers. Staff of the canteen's site identify the diner by card or phone, a device of the site or of
    /// the canteen by card. <see cref="CanteenVisit.AlreadyCounted"/> says when the diner was already counted for the meal.
    /// <paramref name="madeAt"/>: when a kiosk's queued scan was made (checked for age by the Api); the visit counts for
    /// the meal served then, not when the scan arrives.
    /// </summary>
    Task<Outcome<CanteenVisit>> Record(VisitRequest request, Actor actor, DateTimeOffset? madeAt = null);
}
