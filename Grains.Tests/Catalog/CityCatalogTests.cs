using System.Text;
using System.Text.Json;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Catalog.Generated;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Tests.Catalog;

/// <summary>The generated city of the benchmarks (and of the demo history to come): the same every time, and valid throughout.</summary>
public sealed class CityCatalogTests
{
    private static readonly CitySize Small = new(Sites: 24, SessionsPerSite: 100, Members: 2_000, Seed: 7);

    [Fact]
    public void TheSameSeedGivesTheSameCityAndAnotherSeedAnotherOne()
    {
        var first = Json(new CityCatalog(Small).ToCatalog());
        Assert.Equal(first, Json(new CityCatalog(Small).ToCatalog()));
        Assert.NotEqual(first, Json(new CityCatalog(Small with { Seed = 8 }).ToCatalog()));
    }

    [Fact]
    public void AnySiteOrMemberCanBeMadeAloneAndIsTheSameAsInTheWholeCity()
    {
        var city = new CityCatalog(Small);
        var whole = city.ToCatalog();
        Assert.Equal(Json(whole.Sites[17]), Json(new CityCatalog(Small).Site(17)));
        Assert.Equal(Json(whole.Members[1_234]), Json(new CityCatalog(Small).Member(1_234)));
    }

    [Theory]
    [InlineData(24, 100, 2_000)]
    [InlineData(3, 0, 0)]
    [InlineData(2, 5, 1)]
    [InlineData(400, 250, 50)]
    public void TheCityHasExactlyTheSitesWeeklySessionsAndMembersAskedFor(int sites, int sessions, int members)
    {
        var catalog = new CityCatalog(new CitySize(sites, sessions, members)).ToCatalog();
        Assert.Equal(sites, catalog.Sites.Count);
        Assert.All(catalog.Sites, s => Assert.Equal(sessions, CityCatalog.WeeklySessions(s)));
        Assert.Equal(members, catalog.Members.Count);
    }

    [Fact]
    public void EveryIdIsUniqueHasTheContractShapeAndStaysClearOfTheDemoCatalog()
    {
        // More sites than communities × parts, so numbered ids are made too.
        var catalog = new CityCatalog(Small with { Sites = 400, SessionsPerSite = 30 }).ToCatalog();
        var sites = catalog.Sites;
        AssertUniqueIds("site", sites.Select(s => s.Id));
        AssertUniqueIds("facility or canteen", sites.SelectMany(s => s.Facilities.Select(f => f.Id).Concat(s.Canteens.Select(c => c.Id))));
        AssertUniqueIds("schedule", sites.SelectMany(s => s.Schedules.Select(x => x.Id)));
        AssertUniqueIds("member", catalog.Members.Select(m => m.Id));
        foreach (var facility in sites.SelectMany(s => s.Facilities)) AssertUniqueIds($"zone of {facility.Id}", (facility.Zones ?? []).Select(z => z.Id));
        foreach (var canteen in sites.SelectMany(s => s.Canteens)) AssertUniqueIds($"table of {canteen.Id}", canteen.Tables.Select(t => t.Id));
        Assert.All(sites.SelectMany(s => s.Schedules), s => Assert.True(Ids.IsValid($"{s.Id}-20261130-1900"), $"Sessions of '{s.Id}' would get too long an id."));
        Assert.Equal(catalog.Members.Count, catalog.Members.Select(m => m.Phone).Distinct().Count());

        var demo = DemoCatalog.Load();
        Assert.Empty(sites.Select(s => s.Id).Intersect(demo.Sites.Select(s => s.Id)));
        Assert.Empty(catalog.Members.Select(m => m.Id).Intersect(demo.Members.Select(m => m.Id)));
        Assert.Empty(catalog.Members.Select(m => m.Phone).Intersect(demo.Members.Select(m => m.Phone)));
    }

    [Fact]
    public void EveryDefinitionPassesTheDomainsOwnValidation()
    {
        var catalog = new CityCatalog(Small with { SessionsPerSite = 1_000 }).ToCatalog();
        var siteIds = catalog.Sites.Select(s => s.Id).ToHashSet();
        var memberIds = catalog.Members.Select(m => m.Id).ToHashSet();
        foreach (var site in catalog.Sites)
        {
            Assert.Null(site.ToDefinition().Validate());
            Assert.All(site.Facilities, f => Assert.Null(f.ToDefinition(site.Id).Validate()));
            Assert.All(site.Canteens, c => Assert.Null(c.ToDefinition(site.Id).Validate()));
            Assert.All(site.Facilities.Where(f => f.Zones is { Count: > 0 }), f => Assert.Equal(f.Capacity, f.Zones!.Sum(z => z.Capacity)));

            // What the schedule grain checks before it takes a site's schedules.
            var schedules = site.Schedules.Select(SessionSchedule.FromCatalog).ToArray();
            Assert.InRange(schedules.Length, 0, 200);
            Assert.All(schedules, s => Assert.Null(s.Validate()));
            var places = site.Facilities.Select(f => f.Id).Concat(site.Canteens.Select(c => c.Id)).ToHashSet();
            Assert.All(schedules, s => Assert.Contains(s.FacilityId, places));
        }
        foreach (var member in catalog.Members)
        {
            Assert.Null(MemberProfile.FromCatalog(member).Validate(member.Id));
            Assert.Contains(member.HomeSiteId, siteIds);
            Assert.All(member.Family, id => Assert.Contains(id, memberIds));
            if (member.AnnualCard is { } card) Assert.Contains(card.SiteId, siteIds);
        }
    }

    [Fact]
    public void TheCityReadsBackThroughTheDemoCatalogsStrictParser()
    {
        var catalog = new CityCatalog(Small with { Sites = 3, Members = 50 }).ToCatalog();
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(Json(catalog)));
        Assert.Equal(Json(catalog), Json(DemoCatalog.Parse(json)));
    }

    [Fact]
    public void TheCityLooksLikeTheReport()
    {
        var catalog = new CityCatalog(Small).ToCatalog();
        const string chinese = @"\p{IsCJKUnifiedIdeographs}";
        Assert.All(catalog.Sites, s => Assert.Matches(chinese, s.Name));
        Assert.All(catalog.Sites, s => Assert.Single(s.Canteens));
        Assert.All(catalog.Sites.SelectMany(s => s.Schedules), s => Assert.Matches(chinese, s.Title));
        Assert.All(catalog.Members, m => Assert.Matches(chinese, m.Name));
        // Meal assistance every day of the week at every complex.
        Assert.All(catalog.Sites, s => Assert.Contains(s.Schedules, x => x.Category == "meal" && x.Days.Count == 7));
        // All three age groups, and mostly seniors and adults.
        var ages = catalog.Members.GroupBy(m => m.AgeGroup).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["adult", "child", "senior"], ages.Keys.Order());
        Assert.True(ages["child"] < ages["senior"] && ages["child"] < ages["adult"]);
    }

    private static void AssertUniqueIds(string what, IEnumerable<string> ids)
    {
        var list = ids.ToList();
        Assert.All(list, id => Assert.True(Ids.IsValid(id), $"The {what} id '{id}' is not a valid id."));
        var duplicates = list.GroupBy(x => x).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(duplicates.Length == 0, $"Duplicate {what} ids: {string.Join(", ", duplicates)}");
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, OccupancyJson.Options);
}
