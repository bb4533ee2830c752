using Occupancy.Grains.Canteens;
using Occupancy.Grains.Catalog;

namespace Occupancy.Grains.Tests.Catalog;

/// <summary>The demo regulars give the absence alerts someone to expect on any day the demo is started.</summary>
public sealed class DemoRegularsTests
{
    private static readonly DemoCatalog Catalog = DemoCatalog.Load();
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData(2026, 11, 30)]
    [InlineData(2026, 12, 5)]
    [InlineData(2026, 12, 6)]
    public void Every_regular_ate_their_meals_on_at_least_three_of_the_last_four_same_weekdays(int year, int month, int day)
    {
        var today = new DateOnly(year, month, day);
        foreach (var regular in Catalog.RegularsOrEmpty)
        {
            var canteen = Catalog.Sites.SelectMany(s => s.Canteens.Select(c => (Site: s, Canteen: c))).Single(x => x.Canteen.Id == regular.CanteenId);
            var visits = DemoRegulars.Visits(regular, canteen.Site.Id, canteen.Canteen.ToDefinition(canteen.Site.Id).MealHours, Shanghai, today);
            foreach (var meal in regular.Meals)
            {
                var sameWeekdays = Enumerable.Range(1, 4).Select(w => today.AddDays(-7 * w));
                Assert.True(sameWeekdays.Count(d => visits.Any(v => v.Date == d && v.Meal == meal)) >= 3, $"{regular.MemberId} {meal} before {today}");
                Assert.Equal(regular.CameToday, visits.Any(v => v.Date == today && v.Meal == meal));
            }
            Assert.All(visits, v => Assert.True(v.Date >= today.AddDays(-DemoRegulars.Days) && v.Date <= today));
        }
    }

    [Fact]
    public void The_demo_has_two_regulars_who_did_not_come_today_and_one_who_did()
    {
        var regulars = Catalog.RegularsOrEmpty;
        Assert.True(regulars.Count(r => !r.CameToday) >= 2);
        Assert.Contains(regulars, r => r.CameToday);
        Assert.All(regulars, r => Assert.Contains(Catalog.Members, m => m.Id == r.MemberId && m.AgeGroup == "senior"));
        // A lunch visit is recorded when lunch starts, in the site's time: 10:45 in Ningbo is 02:45 UTC.
        var one = DemoRegulars.Visits(regulars[0], "binjiang", [new MealHours(Meal.Lunch, "10:45", "13:00")], Shanghai, new DateOnly(2026, 11, 30));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 2, 45, 0, TimeSpan.Zero), one.Single(v => v.Date == new DateOnly(2026, 11, 29)).At);
    }
}
