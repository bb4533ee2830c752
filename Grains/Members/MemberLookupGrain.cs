using Occupancy.Grains.Access;
using Occupancy.Grains.Audit;

namespace Occupancy.Grains.Members;

[StatelessWorker]
internal sealed class MemberLookupGrain(DomainClock clock) : Grain, IMemberLookupGrain
{
    public async Task<Outcome<IReadOnlyList<MemberAnswer>>> FindByPhone(string phone, Actor actor)
    {
        if (actor.Role != ActorRole.Staff && !actor.IsAllPowerful) return Actor.Forbidden("look members up by phone");
        if (!MemberProfile.IsValidPhone(phone)) return Problem.Invalid("phone", "phone has 5 to 20 digits, optionally after a +.");
        var index = await PhoneIndex.For(GrainFactory, phone);
        var ids = await index.List();
        // The index may still list a member who changed number: the stored profile decides who matches. The caller
        // then sees each as its scope allows (staff of another site: a masked view).
        var matches = await Task.WhenAll(ids.Select(async id =>
            (await GrainFactory.GetGrain<IMemberGrain>(id).Get(Actor.System)).Value is MemberView { Phone: var p } && p == phone ? id : null));
        var found = (await Task.WhenAll(matches.OfType<string>().Order(StringComparer.Ordinal)
                .Select(async id => (await GrainFactory.GetGrain<IMemberGrain>(id).Get(actor)).Value)))
            .OfType<MemberAnswer>()
            .ToArray();
        var now = clock.UtcNow;
        var audited = await GrainFactory.GetGrain<IPhoneLookupAuditGrain>(PhoneLookupAudit.HourKey(now))
            .Record(new PhoneLookupRecord(now, actor.Subject, MemberMask.Phone(phone)!, found.Length));
        return audited
            ? found
            : new Problem(ProblemCodes.RateLimited, "Phone look-ups are paused until the next hour: this hour's audit is full.");
    }
}
