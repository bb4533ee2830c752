using Occupancy.Grains.Access;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Members;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Access;

[Collection(RulesCollection.Name)]
public sealed class ResidentCardTests(RulesClusterFixture fixture)
{
    private async Task<string> NewMember(string homeSiteId = "binjiang")
    {
        var id = $"m-{Guid.NewGuid():N}"[..20];
        var defined = await fixture.Client.GetGrain<IMemberGrain>(id).DefineIfAbsent(new MemberProfile("杨根有", HomeSiteId: homeSiteId));
        Assert.True(defined);
        return id;
    }

    private async Task<MemberCard> SetPin(string memberId, string pin = "2468")
    {
        var set = await fixture.Client.GetGrain<IMemberCardGrain>(memberId).SetPin(Actor.StaffOf("desk", "binjiang"), pin);
        Assert.True(set.Succeeded, set.Problem?.Detail);
        return set.Value!;
    }

    [Fact]
    public async Task The_desk_of_the_home_site_gives_a_card_number_and_the_resident_signs_in_with_it()
    {
        var member = await NewMember();

        var card = await SetPin(member);
        var signedIn = await fixture.Client.ResidentCard(card.CardNumber).SignIn("2468");

        Assert.Matches("^[1-9][0-9]{7}$", card.CardNumber);
        Assert.Equal(SignInVerdict.Granted, signedIn.Verdict);
        Assert.True(signedIn.Actor!.IsMember(member));
        Assert.Equal("杨根有", signedIn.Name);
        Assert.Equal(SignInVerdict.Granted, (await fixture.Client.GetGrain<IMemberCardGrain>(member).Refresh()).Verdict);
    }

    [Fact]
    public async Task A_new_PIN_keeps_the_card_number_and_replaces_the_old_PIN()
    {
        var member = await NewMember();
        var first = await SetPin(member, "1111");

        var second = await SetPin(member, "87654321");
        var card = fixture.Client.ResidentCard(first.CardNumber);

        Assert.Equal(first.CardNumber, second.CardNumber);
        Assert.Equal(SignInVerdict.Refused, (await card.SignIn("1111")).Verdict);
        Assert.Equal(SignInVerdict.Granted, (await card.SignIn("87654321")).Verdict);
    }

    [Fact]
    public async Task Staff_of_another_site_may_not_set_a_PIN_whether_or_not_the_member_exists()
    {
        var member = await NewMember("binjiang");
        var elsewhere = Actor.StaffOf("desk", "mingzhu");

        var existing = await fixture.Client.GetGrain<IMemberCardGrain>(member).SetPin(elsewhere, "2468");
        var missing = await fixture.Client.GetGrain<IMemberCardGrain>("m-nobody-here").SetPin(elsewhere, "2468");
        var missingForAdmin = await fixture.Client.GetGrain<IMemberCardGrain>("m-nobody-here").SetPin(Actor.Admin("admin"), "2468");
        var resident = await fixture.Client.GetGrain<IMemberCardGrain>(member).SetPin(Actor.ResidentOf(member), "2468");

        Assert.Equal(ProblemCodes.Forbidden, existing.Problem?.Code);
        Assert.Equal(ProblemCodes.Forbidden, missing.Problem?.Code);
        Assert.Equal(ProblemCodes.NotFound, missingForAdmin.Problem?.Code);
        Assert.Equal(ProblemCodes.Forbidden, resident.Problem?.Code);
        Assert.Equal(SignInVerdict.Refused, (await fixture.Client.GetGrain<IMemberCardGrain>(member).Refresh()).Verdict);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("123456789")]
    [InlineData("12a4")]
    public async Task A_PIN_has_four_to_eight_digits(string pin)
    {
        var member = await NewMember();

        var set = await fixture.Client.GetGrain<IMemberCardGrain>(member).SetPin(Actor.StaffOf("desk", "binjiang"), pin);

        Assert.Equal(ProblemCodes.InvalidRequest, set.Problem?.Code);
    }

    [Fact]
    public async Task Five_wrong_PINs_lock_the_card_for_fifteen_minutes_even_across_reactivation()
    {
        var card = fixture.Client.ResidentCard((await SetPin(await NewMember())).CardNumber);
        for (var i = 1; i < CredentialLockout.MaxFailures; i++) Assert.Equal(SignInVerdict.Refused, (await card.SignIn("0000")).Verdict);
        Assert.Equal(SignInVerdict.Locked, (await card.SignIn("0000")).Verdict);

        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(SignInVerdict.Locked, (await card.SignIn("2468")).Verdict);
        fixture.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(SignInVerdict.Granted, (await card.SignIn("2468")).Verdict);
    }

    [Fact]
    public async Task A_number_nobody_holds_signs_in_as_nobody()
    {
        Assert.Equal(SignInVerdict.Refused, (await fixture.Client.ResidentCard("99999999").SignIn("2468")).Verdict);
    }
}
