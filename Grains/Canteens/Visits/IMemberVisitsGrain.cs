using Occupancy.Grains.Access;

namespace Occupancy.Grains.Canteens.Visits;

/// <summary>
/// One member's canteen visits of the last <see cref="VisitRetention.Days"/> days (key: the member id). Private member
/// data: read by the member, their family and staff of the member's home site.
/// </summary>
public interface IMemberVisitsGrain : IGrainWithStringKey
{
    /// <summary>Adds a visit, durable when it answers; the same canteen, date and meal again changes nothing.</summary>
    Task Add(MemberVisit visit);

    /// <summary>The visits kept, newest first: the member, family and staff of the home site (see <see cref="MemberAccess"/>).</summary>
    Task<Outcome<IReadOnlyList<MemberVisit>>> List(Actor actor);

    /// <summary>Whether the member has no visit kept (the demo catalog seeds a regular's weeks only then).</summary>
    Task<bool> IsEmpty();

    /// <summary>Adds many visits in one write (the demo catalog's weeks of a regular).</summary>
    Task AddAll(IReadOnlyList<MemberVisit> visits);
}
