using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Tests.Booking;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Access;

/// <summary>
/// Access as the grains decide it, against the entity each owns: the test world is a site with a gym, a canteen,
/// a session starting in 20 minutes (open for booking and check-in), and grandpa, who names his daughter as family.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class GrainAccessTests(BookingClusterFixture fixture)
{
    private sealed record World(
        BookingWorld Inner, string OtherSiteId, string CanteenId, ISessionGrain Session, string Grandpa, string Daughter, string Stranger)
    {
        public IGrainFactory Grains => Inner.Grains;

        public string SiteId => Inner.SiteId;

        public Actor StaffHere => Actor.StaffOf("desk", SiteId);

        public Actor StaffThere => Actor.StaffOf("other-desk", OtherSiteId);

        public IMemberGrain Member(string id) => Inner.Member(id);
    }

    private async Task<World> CreateAsync()
    {
        var inner = await BookingWorld.CreateAsync(fixture);
        var other = await SiteAsync(inner.Grains);
        var canteen = await CanteenAsync(inner.Grains, inner.SiteId);
        var daughter = await inner.MemberAsync("daughter", phone: "13900000001");
        var stranger = await inner.MemberAsync("stranger");
        var grandpa = await inner.MemberAsync("grandpa", AgeGroup.Senior, family: [daughter], phone: "13800000000");
        var session = await inner.SessionAsync("yoga", inner.Definition(startsIn: TimeSpan.FromMinutes(20)));
        return new World(inner, other, canteen.Id, session, grandpa, daughter, stranger);
    }

    [Fact]
    public async Task Out_of_scope_is_forbidden_whether_or_not_the_entity_exists_and_only_the_all_powerful_learn_it_does_not()
    {
        var w = await CreateAsync();
        var booking = await w.Inner.BookAsync(w.Session, w.Grandpa);
        var ghost = $"{w.Inner.Prefix}-ghost";
        var admin = Actor.Admin("root");

        // Each operation on an existing entity and on one that does not exist, by someone out of its scope.
        var operations = new (string What, Func<string, Actor, Task<Problem?>> Run)[]
        {
            ("entries", async (id, a) => (await w.Grains.GetGrain<IFacilityGrain>(id).RecordEntries(new HeadcountChange(1), a)).Problem),
            ("recalibrate", async (id, a) => (await w.Grains.GetGrain<IFacilityGrain>(id).Recalibrate(new Recalibration(3), a)).Problem),
            ("table", async (id, a) => (await w.Grains.GetGrain<ICanteenGrain>(id).SetTable(new TableOccupancy("t01", 1), a)).Problem),
            ("cancel session", async (id, a) => (await w.Grains.GetGrain<ISessionGrain>(id).Cancel(a)).Problem),
            ("list bookings", async (id, a) => (await w.Grains.GetGrain<ISessionGrain>(id).ListBookings(a)).Problem),
            ("get booking", async (id, a) => (await w.Grains.GetGrain<ISessionGrain>(id).GetBooking(booking.BookingId, a)).Problem),
            ("check in", async (id, a) => (await w.Grains.GetGrain<ISessionGrain>(id).CheckIn(booking.BookingId, a)).Problem),
            ("cancel booking", async (id, a) => (await w.Grains.GetGrain<ISessionGrain>(id).CancelBooking(booking.BookingId, a)).Problem),
            ("member", async (id, a) => (await w.Member(id).Get(a)).Problem),
            ("member bookings", async (id, a) => (await w.Member(id).GetBookings(a)).Problem),
            ("waive", async (id, a) => (await w.Member(id).Waive(a)).Problem),
            ("watch member", (id, a) => w.Member(id).MayWatch(a)),
        };
        var existing = new Dictionary<string, string>
        {
            ["entries"] = w.Inner.GymId, ["recalibrate"] = w.Inner.GymId, ["table"] = w.CanteenId,
            ["cancel session"] = $"{w.Inner.Prefix}-yoga", ["list bookings"] = $"{w.Inner.Prefix}-yoga", ["get booking"] = $"{w.Inner.Prefix}-yoga",
            ["check in"] = $"{w.Inner.Prefix}-yoga", ["cancel booking"] = $"{w.Inner.Prefix}-yoga",
            ["member"] = w.Grandpa, ["member bookings"] = w.Grandpa, ["waive"] = w.Grandpa, ["watch member"] = w.Grandpa,
        };
        // Staff of another site for places and sessions; a resident stranger and a kiosk for members.
        var outsiders = new[] { w.StaffThere, Actor.ResidentOf(w.Stranger), Actor.SiteDevice("kiosk", w.OtherSiteId) };

        foreach (var (what, run) in operations)
        {
            foreach (var outsider in outsiders)
            {
                if (what == "member" && outsider.Role == ActorRole.Staff) continue; // staff elsewhere see a masked profile: below
                foreach (var id in new[] { existing[what], ghost })
                {
                    var problem = await run(id, outsider);
                    Assert.True(problem?.Code == ProblemCodes.Forbidden,
                        $"{what} on {(id == ghost ? "an unknown" : "an existing")} entity by {outsider.Role} {outsider.Subject}: {problem?.Code ?? "allowed"}");
                }
            }
            var adminOnGhost = await run(ghost, admin);
            if (what != "watch member") // the hub answers not-found when the watch itself finds nothing
                Assert.True(adminOnGhost?.Code == ProblemCodes.NotFound, $"{what} on an unknown entity by an admin: {adminOnGhost?.Code ?? "allowed"}");
        }
        Assert.Equal(BookingStatus.Confirmed, Accepted(await w.Session.GetBooking(booking.BookingId, w.StaffHere)).Status);
    }

    [Fact]
    public async Task Staff_of_another_site_see_a_masked_member_and_family_and_home_staff_the_full_profile()
    {
        var w = await CreateAsync();
        var grandpa = w.Member(w.Grandpa);

        var masked = Assert.IsType<MaskedMemberView>(Accepted(await grandpa.Get(w.StaffThere)));
        var byHomeStaff = Assert.IsType<MemberView>(Accepted(await grandpa.Get(w.StaffHere)));
        var byFamily = Assert.IsType<MemberView>(Accepted(await grandpa.Get(Actor.ResidentOf(w.Daughter))));
        var byHimself = Assert.IsType<MemberView>(Accepted(await grandpa.Get(Actor.ResidentOf(w.Grandpa))));

        Assert.Equal(("g**", "138****0000", w.SiteId, true), (masked.Name, masked.Phone, masked.HomeSiteId, masked.Masked));
        Assert.Equal(("grandpa", "13800000000", AgeGroup.Senior), (byHomeStaff.Name, byHomeStaff.Phone, byHomeStaff.AgeGroup));
        Assert.Equal(new[] { w.Daughter }, byHomeStaff.Family);
        Assert.Equivalent(byHomeStaff, byFamily, strict: true);
        Assert.Equivalent(byHomeStaff, byHimself, strict: true);
        Refused(await grandpa.Get(Actor.ResidentOf(w.Stranger)), ProblemCodes.Forbidden);
        // Family is one-way: grandpa is not named in his daughter's profile.
        Refused(await w.Member(w.Daughter).Get(Actor.ResidentOf(w.Grandpa)), ProblemCodes.Forbidden);
    }

    [Fact]
    public async Task A_resident_books_for_family_but_never_for_a_member_who_does_not_name_them()
    {
        var w = await CreateAsync();

        var forFather = await w.Session.Book(new BookingRequest(w.Grandpa), Actor.ResidentOf(w.Daughter));
        var forStranger = await w.Session.Book(new BookingRequest(w.Daughter), Actor.ResidentOf(w.Stranger));
        var forNobody = await w.Session.Book(new BookingRequest($"{w.Inner.Prefix}-ghost"), Actor.ResidentOf(w.Stranger));
        var byOtherStaff = await w.Session.Book(new BookingRequest(w.Stranger), w.StaffThere);
        var byDevice = await w.Session.Book(new BookingRequest(w.Stranger), Actor.SiteDevice("kiosk", w.SiteId));

        Assert.Equal((BookingStatus.Confirmed, w.Daughter), (Accepted(forFather).Status, forFather.Value!.BookedBy));
        Refused(forStranger, ProblemCodes.Forbidden);
        Refused(forNobody, ProblemCodes.Forbidden);
        Refused(byOtherStaff, ProblemCodes.Forbidden);
        Refused(byDevice, ProblemCodes.Forbidden);
        Assert.Equal(new[] { w.Grandpa }, Accepted(await w.Session.ListBookings(w.StaffHere)).Select(b => b.MemberId));
    }

    [Fact]
    public async Task Who_booked_comes_from_the_actor_and_a_bookedBy_in_the_request_is_ignored()
    {
        var w = await CreateAsync();

        var claimsStaff = await w.Session.Book(new BookingRequest(w.Grandpa, BookedBy: BookingRequest.Staff), Actor.ResidentOf(w.Daughter));
        var claimsMember = await w.Session.Book(new BookingRequest(w.Stranger, BookedBy: w.Stranger), w.StaffHere);
        var claimsFamily = await w.Session.Book(new BookingRequest(w.Daughter, BookedBy: w.Daughter), Actor.ResidentOf(w.Stranger));

        Assert.Equal(w.Daughter, Accepted(claimsStaff).BookedBy);
        Assert.Equal(BookingRequest.Staff, Accepted(claimsMember).BookedBy);
        Refused(claimsFamily, ProblemCodes.Forbidden);
    }

    [Fact]
    public async Task Bookings_are_read_and_cancelled_by_their_member_family_and_site_staff_and_checked_in_only_at_the_centre()
    {
        var w = await CreateAsync();
        var booking = await w.Inner.BookAsync(w.Session, w.Grandpa);
        var other = await w.Inner.BookAsync(w.Session, w.Stranger);

        Assert.Equal(w.Grandpa, Accepted(await w.Session.GetBooking(booking.BookingId, Actor.ResidentOf(w.Daughter))).MemberId);
        Refused(await w.Session.GetBooking(booking.BookingId, Actor.ResidentOf(w.Stranger)), ProblemCodes.Forbidden);
        Refused(await w.Session.CancelBooking(booking.BookingId, Actor.ResidentOf(w.Stranger)), ProblemCodes.Forbidden);
        Refused(await w.Session.CancelBooking(booking.BookingId, w.StaffThere), ProblemCodes.Forbidden);
        Refused(await w.Session.CheckIn(booking.BookingId, Actor.ResidentOf(w.Grandpa)), ProblemCodes.Forbidden);
        Refused(await w.Session.CheckIn(booking.BookingId, Actor.SiteDevice("kiosk", w.OtherSiteId)), ProblemCodes.Forbidden);
        Refused(await w.Session.ListBookings(Actor.ResidentOf(w.Grandpa)), ProblemCodes.Forbidden);
        Refused(await w.Session.Cancel(Actor.SiteDevice("kiosk", w.SiteId)), ProblemCodes.Forbidden);

        Assert.Equal(BookingStatus.CheckedIn, Accepted(await w.Session.CheckIn(booking.BookingId, Actor.SiteDevice("kiosk", w.SiteId))).Status);
        Assert.Equal(BookingStatus.Cancelled, Accepted(await w.Session.CancelBooking(other.BookingId, w.StaffHere)).Status);
        Assert.Equal(BookingStatus.CheckedIn, Accepted(await w.Session.GetBooking(booking.BookingId, Actor.ResidentOf(w.Grandpa))).Status);
    }

    [Fact]
    public async Task Occupancy_is_written_by_the_places_own_device_or_site_staff_never_by_a_kiosk_or_another_device()
    {
        var w = await CreateAsync();
        var gym = w.Grains.GetGrain<IFacilityGrain>(w.Inner.GymId);
        var canteen = w.Grains.GetGrain<ICanteenGrain>(w.CanteenId);

        Assert.Equal(2, Accepted(await gym.RecordEntries(new HeadcountChange(2), Actor.FacilityDevice("gate", w.Inner.GymId))).Occupied);
        Assert.Equal(1, Accepted(await gym.RecordExits(new HeadcountChange(1), Actor.FacilityDevice("gate", w.Inner.GymId))).Occupied);
        Assert.Equal(5, Accepted(await gym.Recalibrate(new Recalibration(5), w.StaffHere)).Occupied);
        Refused(await gym.RecordEntries(new HeadcountChange(1), Actor.SiteDevice("kiosk", w.SiteId)), ProblemCodes.Forbidden);
        Refused(await gym.RecordEntries(new HeadcountChange(1), Actor.CanteenDevice("tablet", w.CanteenId)), ProblemCodes.Forbidden);
        Refused(await gym.Recalibrate(new Recalibration(0), w.StaffThere), ProblemCodes.Forbidden);

        Assert.Equal(3, Accepted(await canteen.SetTable(new TableOccupancy("t01", 3), Actor.CanteenDevice("tablet", w.CanteenId))).OccupiedSeats);
        Refused(await canteen.SetTable(new TableOccupancy("t01", 0), Actor.FacilityDevice("gate", w.Inner.GymId)), ProblemCodes.Forbidden);
        Refused(await canteen.SetTable(new TableOccupancy("t01", 0), Actor.ResidentOf(w.Grandpa)), ProblemCodes.Forbidden);
        Assert.Equal(5, (await gym.Get())!.Occupied);
    }

    [Fact]
    public async Task Moving_a_facility_or_session_to_another_site_needs_staff_of_both_sites()
    {
        var w = await CreateAsync();
        var gym = w.Grains.GetGrain<IFacilityGrain>(w.Inner.GymId);
        var definition = (await gym.Get())!;
        var moved = new FacilityDefinition(w.OtherSiteId, definition.Kind, definition.Name, definition.Capacity);
        var staffOfBoth = Actor.StaffOf("area", w.SiteId, w.OtherSiteId);
        var session = w.Inner.Definition();

        Refused(await gym.Define(moved, w.StaffHere), ProblemCodes.Forbidden);
        Refused(await gym.Define(moved, w.StaffThere), ProblemCodes.Forbidden);
        Refused(await gym.Define(moved with { SiteId = w.SiteId }, w.StaffThere), ProblemCodes.Forbidden);
        Refused(await w.Session.Define(session with { SiteId = w.OtherSiteId }, w.StaffHere), ProblemCodes.Forbidden);
        Refused(await w.Session.Define(session with { SiteId = w.OtherSiteId }, w.StaffThere), ProblemCodes.Forbidden);
        // Staff of both pass the access check; the rule that places and sessions keep their site still holds.
        Refused(await gym.Define(moved, staffOfBoth), ProblemCodes.InvalidState);
        Refused(await w.Session.Define(session with { SiteId = w.OtherSiteId }, staffOfBoth), ProblemCodes.InvalidState);
        Assert.False(Accepted(await gym.Define(moved with { SiteId = w.SiteId, Capacity = 50 }, w.StaffHere)).Created);
        Assert.Equal(w.SiteId, (await gym.Get())!.SiteId);
    }

    [Fact]
    public async Task A_site_is_created_by_an_administrator_and_changed_by_its_own_staff()
    {
        var w = await CreateAsync();
        var fresh = w.Grains.GetGrain<ISiteGrain>(NewId("site"));
        var definition = new SiteDefinition("新社区", TestPlaces.TimeZone);

        Refused(await fresh.Define(definition, Actor.StaffOf("desk", fresh.GetPrimaryKeyString())), ProblemCodes.Forbidden);
        Assert.True(Accepted(await fresh.Define(definition, Actor.Admin("root"))).Created);
        Assert.False(Accepted(await fresh.Define(definition with { Name = "改名" }, Actor.StaffOf("desk", fresh.GetPrimaryKeyString()))).Created);
        Refused(await fresh.Define(definition, w.StaffHere), ProblemCodes.Forbidden);
    }

    [Fact]
    public async Task A_member_edits_their_name_phone_and_family_and_only_home_staff_change_eligibility_or_home()
    {
        var w = await CreateAsync();
        var grandpa = w.Member(w.Grandpa);
        var profile = new MemberProfile("grandpa", "13800000000", w.SiteId, AgeGroup.Senior, Resident: true, Family: [w.Daughter]);

        Assert.Equal("杨根有", Accepted(await grandpa.Define(profile with { Name = "杨根有", Family = [] }, Actor.ResidentOf(w.Grandpa))).Snapshot.Name);
        Refused(await grandpa.Define(profile with { AgeGroup = AgeGroup.Adult }, Actor.ResidentOf(w.Grandpa)), ProblemCodes.Forbidden);
        Refused(await grandpa.Define(profile with { HomeSiteId = w.OtherSiteId }, Actor.ResidentOf(w.Grandpa)), ProblemCodes.Forbidden);
        Refused(await grandpa.Define(profile, Actor.ResidentOf(w.Daughter)), ProblemCodes.Forbidden);
        Refused(await grandpa.Define(profile, w.StaffThere), ProblemCodes.Forbidden);
        Refused(await grandpa.Define(profile with { HomeSiteId = w.OtherSiteId }, w.StaffHere), ProblemCodes.Forbidden);
        Assert.Equal(w.OtherSiteId, Accepted(await grandpa.Define(profile with { HomeSiteId = w.OtherSiteId },
            Actor.StaffOf("area", w.SiteId, w.OtherSiteId))).Snapshot.HomeSiteId);
        // Now his home is the other site: its staff see him in full, the first site's staff only masked.
        Assert.IsType<MemberView>(Accepted(await grandpa.Get(w.StaffThere)));
        Assert.IsType<MaskedMemberView>(Accepted(await grandpa.Get(w.StaffHere)));

        var newcomer = w.Member($"{w.Inner.Prefix}-newcomer");
        Refused(await newcomer.Define(profile with { Family = [] }, Actor.ResidentOf($"{w.Inner.Prefix}-newcomer")), ProblemCodes.Forbidden);
        Refused(await newcomer.Define(profile with { Family = [] }, w.StaffThere), ProblemCodes.Forbidden);
        Assert.True(Accepted(await newcomer.Define(profile with { Family = [] }, w.StaffHere)).Created);
    }

    [Fact]
    public async Task A_members_bookings_and_topic_are_for_the_member_family_and_home_staff()
    {
        var w = await CreateAsync();
        var grandpa = w.Member(w.Grandpa);

        foreach (var admitted in new[] { Actor.ResidentOf(w.Grandpa), Actor.ResidentOf(w.Daughter), w.StaffHere, Actor.Admin("root") })
        {
            Assert.Null(await grandpa.MayWatch(admitted));
            Assert.Equal(w.Grandpa, Accepted(await grandpa.GetBookings(admitted)).MemberId);
        }
        foreach (var refused in new[] { Actor.ResidentOf(w.Stranger), w.StaffThere, Actor.SiteDevice("kiosk", w.SiteId), Actor.Anonymous("addr:1.2.3.4") })
        {
            Assert.Equal(ProblemCodes.Forbidden, (await grandpa.MayWatch(refused))?.Code);
            Refused(await grandpa.GetBookings(refused), ProblemCodes.Forbidden);
        }
        Refused(await grandpa.Waive(Actor.ResidentOf(w.Grandpa)), ProblemCodes.Forbidden);
        Refused(await grandpa.Waive(w.StaffThere), ProblemCodes.Forbidden);
        Accepted(await grandpa.Waive(w.StaffHere));
    }
}
