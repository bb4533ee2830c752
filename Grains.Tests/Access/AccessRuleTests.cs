using Occupancy.Grains.Access;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Tests.Access;

/// <summary>
/// The access decisions on their own (no cluster): for each operation, who is allowed and who is refused.
/// Actors are named in the tables; "binjiang" is the entity's site unless a row says otherwise.
/// </summary>
public sealed class AccessRuleTests
{
    private static readonly Dictionary<string, Actor> Actors = new()
    {
        ["admin"] = Actor.Admin("root"),
        ["system"] = Actor.System,
        ["staff-here"] = Actor.StaffOf("desk", "binjiang"),
        ["staff-both"] = Actor.StaffOf("area", "binjiang", "fuming"),
        ["staff-there"] = Actor.StaffOf("other-desk", "fuming"),
        ["gym-device"] = Actor.FacilityDevice("dev-1", "binjiang-gym"),
        ["other-gym-device"] = Actor.FacilityDevice("dev-2", "fuming-gym"),
        ["canteen-device"] = Actor.CanteenDevice("dev-3", "binjiang-canteen"),
        ["kiosk-here"] = Actor.SiteDevice("dev-4", "binjiang"),
        ["kiosk-there"] = Actor.SiteDevice("dev-5", "fuming"),
        ["grandpa"] = Actor.ResidentOf("m-1024"),
        ["daughter"] = Actor.ResidentOf("m-2048"),
        ["stranger"] = Actor.ResidentOf("m-4096"),
        ["anonymous"] = Actor.Anonymous("addr:10.0.0.9"),
    };

    /// <summary>m-1024, living at binjiang, names m-2048 as family.</summary>
    private static readonly MemberProfile Grandpa =
        new("杨根有", "13800000000", "binjiang", AgeGroup.Senior, Resident: true, Family: ["m-2048"]);

    private static void Decides(Problem? decision, bool allowed, string actor)
    {
        if (allowed) Assert.True(decision is null, $"{actor} should be allowed: {decision?.Detail}");
        else Assert.True(decision?.Code == ProblemCodes.Forbidden, $"{actor} should be forbidden");
    }

    [Theory]
    [InlineData("admin", true, true)]
    [InlineData("staff-here", true, true)]
    [InlineData("staff-there", false, false)]
    [InlineData("gym-device", true, false)]
    [InlineData("other-gym-device", false, false)]
    [InlineData("canteen-device", false, true)]
    [InlineData("kiosk-here", false, false)]
    [InlineData("grandpa", false, false)]
    [InlineData("anonymous", false, false)]
    public void Occupancy_is_written_by_staff_of_the_site_or_the_places_own_device(string actor, bool gym, bool canteen)
    {
        Decides(PlaceAccess.MayCountFacility(Actors[actor], "binjiang-gym", "binjiang"), gym, actor);
        Decides(PlaceAccess.MaySeatCanteen(Actors[actor], "binjiang-canteen", "binjiang"), canteen, actor);
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("staff-here", false)]
    [InlineData("gym-device", true)]
    [InlineData("grandpa", false)]
    public void A_place_that_does_not_exist_has_no_site_staff(string actor, bool allowed) =>
        Decides(PlaceAccess.MayCountFacility(Actors[actor], "binjiang-gym", siteId: null), allowed, actor);

    [Theory]
    [InlineData("admin", true, true, true)]
    [InlineData("staff-here", true, true, false)]
    [InlineData("staff-both", true, true, true)]
    [InlineData("staff-there", false, false, false)]
    [InlineData("gym-device", false, false, false)]
    [InlineData("grandpa", false, false, false)]
    public void Defining_a_place_or_session_needs_staff_of_its_site_and_of_the_site_it_moves_to(string actor, bool create, bool replace, bool move)
    {
        var who = Actors[actor];
        Decides(PlaceAccess.MayDefine(who, "binjiang-gym", null, "binjiang"), create, actor);
        Decides(PlaceAccess.MayDefine(who, "binjiang-gym", "binjiang", "binjiang"), replace, actor);
        Decides(PlaceAccess.MayDefine(who, "binjiang-gym", "binjiang", "fuming"), move, actor);
        Decides(PlaceAccess.MayDefine(who, "binjiang-gym", "fuming", "binjiang"), move, actor);
        Decides(SessionAccess.MayDefine(who, "yoga", null, "binjiang"), create, actor);
        Decides(SessionAccess.MayDefine(who, "yoga", "binjiang", "fuming"), move, actor);
    }

    [Theory]
    [InlineData("admin", true, true)]
    [InlineData("staff-here", false, true)]
    [InlineData("staff-there", false, false)]
    [InlineData("kiosk-here", false, false)]
    [InlineData("grandpa", false, false)]
    public void A_new_site_is_an_administrators_an_existing_one_also_its_staffs(string actor, bool create, bool replace)
    {
        Decides(PlaceAccess.MayDefineSite(Actors[actor], "binjiang", exists: false), create, actor);
        Decides(PlaceAccess.MayDefineSite(Actors[actor], "binjiang", exists: true), replace, actor);
    }

    [Theory]
    //          actor          book   manage check-in
    [InlineData("admin", true, true, true)]
    [InlineData("staff-here", true, true, true)]
    [InlineData("staff-there", false, false, false)]
    [InlineData("kiosk-here", false, false, true)]
    [InlineData("kiosk-there", false, false, false)]
    [InlineData("gym-device", false, false, false)]
    [InlineData("grandpa", true, false, false)]
    [InlineData("anonymous", false, false, false)]
    public void In_a_session_residents_book_staff_manage_and_check_in_happens_at_the_centre(string actor, bool book, bool manage, bool checkIn)
    {
        var who = Actors[actor];
        Decides(SessionAccess.MayBook(who, "yoga", "binjiang"), book, actor);
        Decides(SessionAccess.MayManage(who, "yoga", "binjiang"), manage, actor);
        Decides(SessionAccess.MayCheckIn(who, "yoga", "binjiang"), checkIn, actor);
    }

    [Fact]
    public void A_resident_whose_member_id_is_the_reserved_staff_name_cannot_book_as_staff() =>
        Decides(SessionAccess.MayBook(Actor.ResidentOf("staff"), "yoga", "binjiang"), false, "resident 'staff'");

    [Theory]
    [InlineData("admin", BookingAccess.Allowed)]
    [InlineData("staff-here", BookingAccess.Allowed)]
    [InlineData("staff-there", BookingAccess.Forbidden)]
    [InlineData("grandpa", BookingAccess.Allowed)]
    [InlineData("daughter", BookingAccess.IfFamily)]
    [InlineData("stranger", BookingAccess.IfFamily)]
    [InlineData("kiosk-here", BookingAccess.Forbidden)]
    [InlineData("anonymous", BookingAccess.Forbidden)]
    public void A_booking_is_its_members_their_familys_and_the_site_staffs(string actor, BookingAccess expected) =>
        Assert.Equal(expected, SessionAccess.ForBooking(Actors[actor], "binjiang", "m-1024"));

    /// <summary>An unknown booking (or session) is nobody's but staff's: a resident hears forbidden, not "it does not exist".</summary>
    [Theory]
    [InlineData("admin", "binjiang", BookingAccess.Allowed)]
    [InlineData("staff-here", "binjiang", BookingAccess.Allowed)]
    [InlineData("staff-here", null, BookingAccess.Forbidden)]
    [InlineData("staff-there", "binjiang", BookingAccess.Forbidden)]
    [InlineData("grandpa", "binjiang", BookingAccess.Forbidden)]
    [InlineData("daughter", null, BookingAccess.Forbidden)]
    public void An_unknown_booking_is_only_staffs(string actor, string? siteId, BookingAccess expected) =>
        Assert.Equal(expected, SessionAccess.ForBooking(Actors[actor], siteId, memberId: null));

    [Theory]
    //          actor          sight               private waive
    [InlineData("admin", MemberSight.Full, true, true)]
    [InlineData("staff-here", MemberSight.Full, true, true)]
    [InlineData("staff-there", MemberSight.Masked, false, false)]
    [InlineData("grandpa", MemberSight.Full, true, false)]
    [InlineData("daughter", MemberSight.Full, true, false)]
    [InlineData("stranger", MemberSight.None, false, false)]
    [InlineData("kiosk-here", MemberSight.None, false, false)]
    [InlineData("gym-device", MemberSight.None, false, false)]
    [InlineData("anonymous", MemberSight.None, false, false)]
    public void A_member_is_seen_in_full_by_themself_family_and_home_staff_and_masked_by_other_staff(
        string actor, MemberSight sight, bool readPrivate, bool waive)
    {
        var who = Actors[actor];
        Assert.Equal(sight, MemberAccess.Sight(who, "m-1024", Grandpa));
        Decides(MemberAccess.MayReadPrivate(who, "m-1024", Grandpa), readPrivate, actor);
        Decides(MemberAccess.MayWaive(who, "m-1024", Grandpa), waive, actor);
    }

    [Theory]
    [InlineData("admin", MemberSight.Full)]
    [InlineData("staff-here", MemberSight.None)]
    [InlineData("staff-there", MemberSight.None)]
    [InlineData("daughter", MemberSight.None)]
    public void An_unknown_member_is_seen_by_nobody_but_the_all_powerful(string actor, MemberSight sight) =>
        Assert.Equal(sight, MemberAccess.Sight(Actors[actor], "m-9999", profile: null));

    [Theory]
    [InlineData("admin", true)]
    [InlineData("staff-here", false)]
    [InlineData("staff-there", false)]
    public void A_member_without_a_home_site_has_only_administrators_for_staff(string actor, bool full)
    {
        var homeless = Grandpa with { HomeSiteId = null };
        Assert.Equal(full ? MemberSight.Full : MemberSight.Masked, MemberAccess.Sight(Actors[actor], "m-1024", homeless));
        Decides(MemberAccess.MayWaive(Actors[actor], "m-1024", homeless), full, actor);
        Decides(MemberAccess.MayDefine(Actors[actor], "m-1024", homeless, homeless with { Name = "新名" }), full, actor);
    }

    [Theory]
    //          actor          create own-fields eligibility move-home
    [InlineData("admin", true, true, true, true)]
    [InlineData("staff-here", true, true, true, false)]
    [InlineData("staff-both", true, true, true, true)]
    [InlineData("staff-there", false, false, false, false)]
    [InlineData("grandpa", false, true, false, false)]
    [InlineData("daughter", false, false, false, false)]
    [InlineData("kiosk-here", false, false, false, false)]
    public void Members_are_created_by_home_staff_and_edit_only_their_name_phone_and_family(
        string actor, bool create, bool ownFields, bool eligibility, bool moveHome)
    {
        var who = Actors[actor];
        Decides(MemberAccess.MayDefine(who, "m-1024", null, Grandpa), create, actor);
        Decides(MemberAccess.MayDefine(who, "m-1024", Grandpa, Grandpa with { Name = "杨大爷", Phone = "13900000000", Family = [] }), ownFields, actor);
        Decides(MemberAccess.MayDefine(who, "m-1024", Grandpa, Grandpa with { AnnualCard = new AnnualCard("binjiang", new DateOnly(2027, 11, 28)) }), eligibility, actor);
        Decides(MemberAccess.MayDefine(who, "m-1024", Grandpa, Grandpa with { HomeSiteId = "fuming" }), moveHome, actor);
    }

    [Theory]
    [InlineData("杨根有", "杨**")]
    [InlineData("Li Wei", "L**")]
    [InlineData("𠮷野家", "𠮷**")]
    public void A_masked_name_keeps_its_first_character(string name, string masked) => Assert.Equal(masked, MemberMask.Name(name));

    [Theory]
    [InlineData("13800000000", "138****0000")]
    [InlineData("+8613812345678", "+861******5678")]
    [InlineData("87654321", "******21")]
    [InlineData(null, null)]
    public void A_masked_phone_keeps_only_a_few_digits(string? phone, string? masked) => Assert.Equal(masked, MemberMask.Phone(phone));
}
