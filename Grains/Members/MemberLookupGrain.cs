using Occupancy.Grains.Access;
using Occupancy.Grains.Audit;

namespace Occupancy.Grains.Members;

[StatelessWorker]
internal sealed class MemberLookupGrain(DomainClock clock) : Grain, IMemberLookupGrain
{
    public async Task<Outcome<IReadOnlyList<MemberView>>> FindByPhone(string phone, Actor actor)
    {
        if (actor.Role != ActorRole.Staff && !actor.IsAllPowerful) return Actor.Forbidden("look members up by phone");
        if (!MemberProfile.IsValidPhone(phone)) return Problem.Invalid("phone", "phone has 5 to 20 digits, optionally after a +.");
        var index = await PhoneIndex.For(GrainFactory, phone);
        var ids = await index.List();
        // TODO(issue 7, member privacy): read with the caller's actor (Get(actor)) so staff of other sites get the masked
        // view; the answer's type and the phone check below must then allow MaskedMemberView.
        var members = await Task.WhenAll(ids.Select(async id => (await GrainFactory.GetGrain<IMemberGrain>(id).Get(Actor.System)).Value));
        // The index may still list a member who changed number; the profile decides.
        var found = members.OfType<MemberView>().Where(m => m.Phone == phone).OrderBy(m => m.Id, StringComparer.Ordinal).ToArray();
        var now = clock.UtcNow;
        var audited = await GrainFactory.GetGrain<IPhoneLookupAuditGrain>(PhoneLookupAudit.HourKey(now))
            .Record(new PhoneLookupRecord(now, actor.Subject, PhoneMask.Mask(phone), found.Length));
        return audited
            ? found
            : new Problem(ProblemCodes.RateLimited, "Phone look-ups are paused until the next hour: this hour's audit is full.");
    }
}
