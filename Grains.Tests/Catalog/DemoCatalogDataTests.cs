using System.Text;
using System.Text.Json;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Facilities;

namespace Occupancy.Grains.Tests.Catalog;

public sealed class DemoCatalogDataTests
{
    private static readonly DemoCatalog Catalog = DemoCatalog.Load();
    private static readonly string[] Categories = ["class", "course", "court", "meal", "care", "activity"];
    private static readonly string[] AgeGroups = ["senior", "adult", "child"];
    private const string Chinese = @"\p{IsCJKUnifiedIdeographs}";

    [Fact]
    public void TheDataFileHoldsTheSixComplexesOfTheReportInChinese()
    {
        Assert.Equal(["binjiang", "fuming", "hefeng", "lingxiao", "mingzhu", "yunluwan"], Catalog.Sites.Select(s => s.Id).Order());
        foreach (var site in Catalog.Sites)
        {
            Assert.Matches(Chinese, site.Name);
            Assert.Equal("Asia/Shanghai", site.TimeZone);
            Assert.Null(site.ToDefinition().Validate());
            Assert.NotEmpty(site.Facilities.Select(f => f.Id).Concat(site.Canteens.Select(c => c.Id)));
            Assert.All(site.Facilities, f => Assert.Matches(Chinese, f.Name));
            Assert.All(site.Canteens, c => Assert.Matches(Chinese, c.Name));
            Assert.All(site.Schedules, s => Assert.Matches(Chinese, s.Title));
        }
    }

    [Fact]
    public void EveryIdHasTheContractShapeAndIsUnique()
    {
        var sites = Catalog.Sites;
        AssertIds("site", sites.Select(s => s.Id));
        AssertIds("facility or canteen", sites.SelectMany(s => s.Facilities.Select(f => f.Id).Concat(s.Canteens.Select(c => c.Id))));
        AssertIds("schedule", sites.SelectMany(s => s.Schedules.Select(x => x.Id)));
        AssertIds("member", Catalog.Members.Select(m => m.Id));
        foreach (var facility in sites.SelectMany(s => s.Facilities)) AssertIds($"zone of {facility.Id}", (facility.Zones ?? []).Select(z => z.Id));
        foreach (var canteen in sites.SelectMany(s => s.Canteens)) AssertIds($"table of {canteen.Id}", canteen.Tables.Select(t => t.Id));
        // A generated session id is the schedule's id with its local date and time.
        Assert.All(sites.SelectMany(s => s.Schedules), s => Assert.True(Ids.IsValid($"{s.Id}-20261130-1900"), $"Sessions of '{s.Id}' would get too long an id."));
    }

    [Fact]
    public void EveryFacilityAndCanteenIsAValidDefinition()
    {
        foreach (var site in Catalog.Sites)
        {
            foreach (var facility in site.Facilities)
            {
                Assert.Null(facility.ToDefinition(site.Id).Validate());
                if (facility.Zones is { Count: > 0 } zones)
                    Assert.True(zones.Sum(z => z.Capacity) == facility.Capacity, $"The zones of '{facility.Id}' do not add up to its capacity.");
            }
            Assert.All(site.Canteens, c => Assert.Null(c.ToDefinition(site.Id).Validate()));
        }
    }

    [Fact]
    public void TheFactsOfTheReportAreInTheCatalog()
    {
        var gym = Facility("fuming-gym");
        Assert.Equal(FacilityKind.Gym, gym.Kind);
        Assert.Equal(DailyHours.Days.Order(), gym.OpeningHours!.Keys.Order());
        Assert.All(gym.OpeningHours.Values, ranges => Assert.Equal([["10:00", "21:00"]], ranges));

        var kids = Facility("lingxiao-kids");
        Assert.Equal(["activity", "care", "reading"], kids.Zones!.Select(z => z.Id).Order());

        var canteen = Catalog.Sites.Single(s => s.Id == "binjiang").Canteens.Single(c => c.Id == "binjiang-canteen");
        Assert.Equal(60, canteen.Tables.Sum(t => t.Seats));
        Assert.Contains(canteen.Tables, t => t.Accessible);
        Assert.Equal([Meal.Breakfast, Meal.Lunch, Meal.Dinner], canteen.MealHours.Select(m => m.Meal));

        Assert.Equal(["badminton", "basketball", "garden"],
            Catalog.Sites.Single(s => s.Id == "mingzhu").Facilities.Select(f => f.Id["mingzhu-".Length..]).Order());
    }

    [Fact]
    public void EverySessionIsAtAnOpenPlaceOfItsOwnSite()
    {
        foreach (var site in Catalog.Sites)
        {
            foreach (var schedule in site.Schedules)
            {
                var facility = site.Facilities.SingleOrDefault(f => f.Id == schedule.FacilityId);
                var canteen = site.Canteens.SingleOrDefault(c => c.Id == schedule.CanteenId);
                Assert.True(facility is null != canteen is null, $"'{schedule.Id}' must name exactly one facility or canteen of '{site.Id}'.");
                Assert.Contains(schedule.Category, Categories);
                Assert.Equal(schedule.CanteenId is not null, schedule.Category == "meal");
                Assert.NotEmpty(schedule.Eligibility.AgeGroups);
                Assert.All(schedule.Eligibility.AgeGroups, a => Assert.Contains(a, AgeGroups));
                Assert.True(schedule.DurationMinutes > 0 && schedule.Capacity > 0 && schedule.WaitlistCapacity >= 0, $"'{schedule.Id}' has impossible numbers.");
                Assert.True(schedule.BookingOpensDaysBefore > 0 && schedule.BookingClosesMinutesBefore >= 0 && schedule.CancelFreeMinutesBefore >= 0, $"'{schedule.Id}' has an impossible booking window.");
                Assert.NotEmpty(schedule.Days);
                Assert.NotEmpty(schedule.Times);

                foreach (var day in schedule.Days)
                {
                    Assert.Contains(day, DailyHours.Days);
                    foreach (var time in schedule.Times)
                    {
                        var start = DailyHours.Minutes(time);
                        var end = start + schedule.DurationMinutes;
                        Assert.True(start >= 0, $"'{schedule.Id}' has a bad time '{time}'.");
                        var ranges = facility is not null
                            ? facility.OpeningHours?.GetValueOrDefault(day)?.Select(r => (DailyHours.Minutes(r[0]), DailyHours.Minutes(r[1]))) ?? [(0, 1440)]
                            : canteen!.MealHours.Select(m => (DailyHours.Minutes(m.From), DailyHours.Minutes(m.To)));
                        Assert.True(ranges.Any(r => r.Item1 <= start && end <= r.Item2),
                            $"'{schedule.Id}' on {day} at {time} for {schedule.DurationMinutes} min is outside the hours of its place.");
                    }
                }
            }
        }
    }

    [Fact]
    public void TheDemoMembersTellTheStoriesOfTheReport()
    {
        var members = Catalog.Members.ToDictionary(m => m.Id);
        var siteIds = Catalog.Sites.Select(s => s.Id).ToHashSet();
        foreach (var member in members.Values)
        {
            Assert.Contains(member.HomeSiteId, siteIds);
            Assert.Contains(member.AgeGroup, AgeGroups);
            Assert.Matches(Chinese, member.Name);
            Assert.Matches("^1[0-9]{10}$", member.Phone);
            Assert.All(member.Family, f => Assert.True(members.ContainsKey(f) && f != member.Id, $"'{member.Id}' lists an unknown family member '{f}'."));
            if (member.AnnualCard is { } card) Assert.Contains(card.SiteId, siteIds);
        }
        Assert.Equal(Catalog.Members.Count, Catalog.Members.Select(m => m.Phone).Distinct().Count());

        // The senior who lives alone and walks to the Binjiang canteen.
        Assert.Contains(members.Values, m => m is { HomeSiteId: "binjiang", AgeGroup: "senior", Family.Count: 0 });
        // A daughter who books for her father.
        Assert.Contains(members.Values, m => m.AgeGroup == "senior" && m.Family.Any(f => members[f].AgeGroup == "adult"));
        // A child whose parent books.
        Assert.Contains(members.Values, m => m.AgeGroup == "child" && m.Family.Count > 0);
        // A resident with the gym's annual card.
        Assert.Contains(members.Values, m => m is { AgeGroup: "adult", AnnualCard.SiteId: "fuming" } && m.AnnualCard.ValidUntil > new DateOnly(2026, 11, 29));
    }

    [Fact]
    public void TheDemoStaffAndCardsCanSignInAsTheReadmeSays()
    {
        var staff = Catalog.StaffOrEmpty.ToDictionary(s => s.Username);
        Assert.All(staff.Values, s => Assert.True(Accounts.Usernames.IsValid(s.Username) && s.ToDefinition().Validate(creating: true) is null, $"Demo account '{s.Username}' is invalid."));
        Assert.Equal(Accounts.StaffRole.Admin, staff["admin"].ToDefinition().Role);
        Assert.Equal(["binjiang"], staff["binjiang.desk"].Sites);
        Assert.Contains(staff.Values, s => s.Role == "staff" && s.Sites.Count == 2);
        Assert.All(Catalog.Sites, site => Assert.Contains(staff.Values, s => s.Role == "staff" && s.Sites.SequenceEqual([site.Id])));

        var cards = Catalog.ResidentCardsOrEmpty;
        Assert.All(cards, c => Assert.True(Cards.CardNumbers.IsValid(c.CardNumber) && Cards.CardNumbers.IsValidPin(c.Pin), $"The card of '{c.MemberId}' is invalid."));
        Assert.All(cards, c => Assert.Contains(Catalog.Members, m => m.Id == c.MemberId));
        Assert.Equal(cards.Count, cards.Select(c => c.CardNumber).Distinct().Count());
        Assert.Contains(cards, c => c is { MemberId: "m-1024", CardNumber: "10241024", Pin: "2468" });
    }

    [Fact]
    public void AMistypedFieldInTheDataFileIsRefused()
    {
        var json = """{ "sites": [], "members": [], "memebers": [] }""";
        Assert.Throws<JsonException>(() => DemoCatalog.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        var missing = """{ "sites": [] }""";
        Assert.Throws<JsonException>(() => DemoCatalog.Parse(new MemoryStream(Encoding.UTF8.GetBytes(missing))));
    }

    private static CatalogFacility Facility(string id) => Catalog.Sites.SelectMany(s => s.Facilities).Single(f => f.Id == id);

    private static void AssertIds(string what, IEnumerable<string> ids)
    {
        var list = ids.ToList();
        Assert.All(list, id => Assert.True(Ids.IsValid(id), $"The {what} id '{id}' does not have the contract's shape."));
        Assert.True(list.Count == list.Distinct().Count(), $"Some {what} ids are used twice.");
    }
}
