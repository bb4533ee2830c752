using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Canteens.Visits;

/// <summary>
/// A member's visit history. Visits past <see cref="VisitRetention"/> are dropped whenever the history is woken or
/// written, and never answered, so a member's canteen habits are kept no longer than the alerts need them.
/// </summary>
internal sealed class MemberVisitsGrain(
    [PersistentState("membervisits", StorageNames.Occupancy)] IPersistentState<MemberVisitsState> state,
    DomainClock clock,
    ILogger<MemberVisitsGrain> logger) : Grain, IMemberVisitsGrain
{
    /// <summary>Three meals a day at two canteens over the retention period, with room to spare; the oldest go first beyond it.</summary>
    internal const int MaxVisits = 1000;

    private List<MemberVisit> Visits => state.State.Visits;

    private string MemberId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Visits.RemoveAll(IsPast) > 0) await state.WriteOrRevertAsync(this, logger);
    }

    public async Task Add(MemberVisit visit)
    {
        if (Visits.Any(v => v.IsSameMealAs(visit))) return;
        await AddAll([visit]);
    }

    public async Task AddAll(IReadOnlyList<MemberVisit> visits)
    {
        var fresh = visits.Where(v => !IsPast(v) && !Visits.Any(known => known.IsSameMealAs(v))).DistinctBy(v => (v.CanteenId, v.Date, v.Meal)).ToArray();
        Visits.RemoveAll(IsPast);
        if (fresh.Length == 0) return;
        Visits.AddRange(fresh);
        Visits.Sort((a, b) => (b.Date, b.At).CompareTo((a.Date, a.At)));
        if (Visits.Count > MaxVisits) Visits.RemoveRange(MaxVisits, Visits.Count - MaxVisits);
        await state.WriteOrRevertAsync(this, logger);
    }

    public async Task<Outcome<IReadOnlyList<MemberVisit>>> List(Actor actor)
    {
        var member = GrainFactory.GetGrain<IMemberGrain>(MemberId);
        if (await member.MayWatch(actor) is { } refusal) return refusal;
        // In scope by the id itself (the member, an administrator): they may learn that no such member exists.
        if ((await member.Get(Actor.System)).Problem is { Code: ProblemCodes.NotFound } missing) return missing;
        return Visits.Where(v => !IsPast(v)).ToArray();
    }

    public Task<bool> IsEmpty() => Task.FromResult(Visits.Count == 0);

    private bool IsPast(MemberVisit visit) => VisitRetention.IsPast(visit.Date, DateOnly.FromDateTime(clock.UtcNow.UtcDateTime));
}
