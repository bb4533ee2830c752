using Occupancy.Grains.Access;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Canteens.Visits;

/// <summary>
/// Decides a visit: who may record it, which meal it is, who the diner is; then the canteen's day counts it (written
/// first, the count the alerts read) and the member's history keeps it. A retry after a failure between the two is
/// acknowledged as already counted and completes the history.
/// </summary>
[StatelessWorker]
internal sealed class CanteenVisitDeskGrain(DomainClock clock) : Grain, ICanteenVisitDeskGrain
{
    private string CanteenId => this.GetPrimaryKeyString();

    public async Task<Outcome<CanteenVisit>> Record(VisitRequest request, Actor actor, DateTimeOffset? madeAt = null)
    {
        if (Shape(request) is { } invalid) return invalid;
        var canteen = await GrainFactory.GetGrain<ICanteenGrain>(CanteenId).Get();
        if (PlaceAccess.MayRecordVisit(actor, CanteenId, canteen?.SiteId) is { } refusal) return refusal;
        if (canteen is null) return Problem.NotFound("The canteen");
        if (request.Phone is not null && actor.Role == ActorRole.Device)
            return Actor.Forbidden("look diners up by phone from a device; devices read cards");

        var site = await GrainFactory.GetGrain<ISiteGrain>(canteen.SiteId).GetSummary();
        var now = clock.UtcNow;
        // A scan queued while the kiosk was offline counts for the meal it was made in, never for a time to come.
        var at = madeAt is { } made && made < now ? made : now;
        var meal = VisitMeal.Decide(canteen.MealHours, LocalDatesOf(at, site?.TimeZone), request.Meal, request.Date);
        if (meal.Problem is { } notServed) return notServed;
        var (date, which) = meal.Value!;

        var diner = await DinerAsync(request, actor);
        if (diner.Problem is { } unknown) return unknown;
        var memberId = diner.Value!;

        var recorded = await GrainFactory.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(CanteenId, date)).Record(new DinerVisit(memberId, which, at));
        if (recorded.Problem is { } full) return full;
        var visit = recorded.Value!;
        await GrainFactory.GetGrain<IMemberVisitsGrain>(memberId).Add(new MemberVisit(CanteenId, canteen.SiteId, date, which, visit.At));
        return new CanteenVisit(CanteenId, canteen.SiteId, memberId, date, which, visit.At, visit.AlreadyCounted, visit.Diners);
    }

    private static Problem? Shape(VisitRequest request)
    {
        if (request.CardNumber is null == request.Phone is null)
            return Problem.Invalid("cardNumber", "Identify the diner by cardNumber or by phone (exactly one).");
        if (request.CardNumber is not null && !CardNumbers.IsValid(request.CardNumber))
            return Problem.Invalid("cardNumber", "cardNumber has 8 digits.");
        if (request.Phone is not null && !MemberProfile.IsValidPhone(request.Phone))
            return Problem.Invalid("phone", "phone has 5 to 20 digits, optionally after a +.");
        if (request.MemberId is not null && request.Phone is null)
            return Problem.Invalid("memberId", "memberId picks one of the members who share a phone: give it with phone.");
        if (request.MemberId is not null && !Ids.IsValid(request.MemberId)) return Problem.InvalidId("memberId");
        return null;
    }

    /// <summary>
    /// The diner: a card's member, or the member a phone finds. The phone look-up is the desk's audited one, so every
    /// visit recorded by phone is in the phone look-up audit and counts against its hourly budget.
    /// </summary>
    private async Task<Outcome<string>> DinerAsync(VisitRequest request, Actor actor)
    {
        if (request.CardNumber is { } card)
            return await GrainFactory.ResidentCard(card).MemberId() is { } holder ? holder : Problem.NotFound("The card");

        var found = await GrainFactory.GetGrain<IMemberLookupGrain>(0).FindByPhone(request.Phone!, actor);
        if (found.Problem is { } problem) return problem;
        var ids = found.Value!.Select(IdOf).OfType<string>().ToArray();
        if (request.MemberId is { } picked) return ids.Contains(picked) ? picked : Problem.NotFound("A member with this phone and memberId");
        return ids.Length switch
        {
            0 => Problem.NotFound("A member with this phone"),
            1 => ids[0],
            _ => new Problem(ProblemCodes.InvalidState,
                $"{ids.Length} members share this phone: give memberId too (findMembersByPhone lists them).",
                new Dictionary<string, string[]> { ["memberId"] = ["Required when several members share the phone."] }),
        };
    }

    private static string? IdOf(MemberAnswer answer) => answer switch
    {
        MemberView v => v.Id,
        MaskedMemberView m => m.Id,
        _ => null,
    };

    private static DateTime LocalDatesOf(DateTimeOffset now, string? timeZone) => Stats.LocalDates.Local(now, timeZone);
}
