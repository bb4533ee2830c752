using Occupancy.Grains.Access;
using Occupancy.Grains.Audit;
using Occupancy.Grains.Members;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Members;

/// <summary>The staff desk's phone look-up: keyed by a keyed hash of the number, audited, staff only.</summary>
[Collection(RulesCollection.Name)]
public sealed class PhoneLookupTests(RulesClusterFixture fixture)
{
    private static readonly Actor Desk = Actor.StaffOf("desk.fuming", "fuming");

    [Fact]
    public async Task The_index_is_keyed_by_a_keyed_hash_and_never_by_the_number()
    {
        var phone = NewPhone();
        var member = await NewMember(phone);

        var found = await Lookup().FindByPhone(phone, Desk);
        var hashed = await fixture.Client.GetGrain<Privacy.IPrivacyKeyGrain>(0).HashPhone(phone);

        Assert.Equal([member], found.Value!.OfType<MemberView>().Select(m => m.Id));
        Assert.Empty(await fixture.Client.GetGrain<IPhoneIndexGrain>(phone).List());
        Assert.Matches("^[0-9a-f]{64}$", hashed);
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(phone))), hashed);
        Assert.Equal([member], await (await PhoneIndex.For(fixture.Client, phone)).List());
    }

    [Fact]
    public async Task Seeding_again_rebuilds_a_lost_index_entry_from_the_profile()
    {
        var phone = NewPhone();
        var member = await NewMember(phone);
        await (await PhoneIndex.For(fixture.Client, phone)).Remove(member);
        Assert.Empty((await Lookup().FindByPhone(phone, Desk)).Value!);

        var created = await fixture.Client.GetGrain<IMemberGrain>(member).DefineIfAbsent(Profile(phone));

        Assert.False(created);
        Assert.Equal([member], (await Lookup().FindByPhone(phone, Desk)).Value!.OfType<MemberView>().Select(m => m.Id));
    }

    [Fact]
    public async Task Every_look_up_is_audited_with_who_when_a_masked_number_and_the_count_and_only_admins_read_it()
    {
        var phone = NewPhone();
        await NewMember(phone);
        var at = fixture.Clock.GetUtcNow();

        await Lookup().FindByPhone(phone, Desk);
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var audit = await PhoneLookupAudit.ReadDay(fixture.Client, Actor.Admin("root"), day);
        var byStaff = await PhoneLookupAudit.ReadDay(fixture.Client, Desk, day);

        var record = Assert.Single(audit.Value!, r => r.MaskedPhone == MemberMask.Phone(phone));
        Assert.Equal(("desk.fuming", 1, at), (record.Subject, record.Results, record.At));
        Assert.Equal($"{phone[..3]}****{phone[^4..]}", record.MaskedPhone);
        Assert.Equal(ProblemCodes.Forbidden, byStaff.Problem?.Code);
    }

    [Fact]
    public async Task Residents_and_anonymous_callers_may_not_look_members_up()
    {
        var phone = NewPhone();
        await NewMember(phone);

        var resident = await Lookup().FindByPhone(phone, Actor.ResidentOf("m-1"));
        var anonymous = await Lookup().FindByPhone(phone, Actor.Anonymous("addr:10.0.0.1"));

        Assert.Equal((ProblemCodes.Forbidden, ProblemCodes.Forbidden), (resident.Problem?.Code, anonymous.Problem?.Code));
    }

    [Fact]
    public async Task Staff_of_another_site_find_the_member_masked()
    {
        var phone = NewPhone();
        var member = await NewMember(phone);

        var found = await Lookup().FindByPhone(phone, Actor.StaffOf("desk.binjiang", "binjiang"));

        var masked = Assert.IsType<MaskedMemberView>(Assert.Single(found.Value!));
        Assert.Equal((member, "王**", $"{phone[..3]}****{phone[^4..]}"), (masked.Id, masked.Name, masked.Phone));
    }

    private IMemberLookupGrain Lookup() => fixture.Client.GetGrain<IMemberLookupGrain>(0);

    private static string NewPhone() => $"138{Random.Shared.Next(10_000_000, 99_999_999)}";

    private static MemberProfile Profile(string phone) => new("王芳", phone, "fuming", AgeGroup.Adult, Resident: true);

    private async Task<string> NewMember(string phone)
    {
        var id = $"m-{Guid.NewGuid():N}";
        Assert.True(await fixture.Client.GetGrain<IMemberGrain>(id).DefineIfAbsent(Profile(phone)));
        return id;
    }
}
