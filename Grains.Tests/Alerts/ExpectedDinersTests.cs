using Occupancy.Grains.Alerts;
using Occupancy.Grains.Canteens;

namespace Occupancy.Grains.Tests.Alerts;

/// <summary>Who is expected at a meal and who is missing: the plain rules, without a cluster.</summary>
public sealed class ExpectedDinersTests
{
    private static readonly DateOnly Wednesday = new(2026, 12, 2);
    private static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly CanteenDefinition Canteen =
        new("site-a", "滨江社区食堂", [new(Meal.Lunch, "11:00", "13:00"), new(Meal.Dinner, "17:00", "19:00")], [new("t01", 4)]);

    private static AbsenceWatchView Watching(string id, DateOnly? awayUntil = null) =>
        new(id, true, new Consent(id, ConsentGiver.Self, At), awayUntil, null, null, 1, At);

    private static AbsenceWatchView Withdrawn(string id) => new(id, false, new Consent(id, ConsentGiver.Self, At), null, At, id, 2, At);

    [Fact]
    public void Past_same_weekdays_are_the_four_weeks_before()
    {
        Assert.Equal([new(2026, 11, 25), new(2026, 11, 18), new(2026, 11, 11), new DateOnly(2026, 11, 4)], ExpectedDiners.PastSameWeekdays(Wednesday, 4));
    }

    [Fact]
    public void A_regular_came_on_three_of_the_last_four_same_weekdays_and_a_booking_makes_anyone_a_candidate()
    {
        string[][] past = [["wang", "li", "zhao"], ["wang", "li"], ["wang"], ["li", "zhao"]];
        var candidates = ExpectedDiners.Candidates(booked: ["chen", "zhao"], past, regularVisits: 3);

        Assert.Equal(ExpectedBecause.Regular, candidates["wang"]);
        Assert.Equal(ExpectedBecause.Regular, candidates["li"]);
        // Twice in four weeks is not regular, but a booking is reason enough (and wins over regularity).
        Assert.Equal(ExpectedBecause.Booked, candidates["zhao"]);
        Assert.Equal(ExpectedBecause.Booked, candidates["chen"]);
        Assert.Equal(4, candidates.Count);
    }

    [Fact]
    public void The_threshold_is_configurable()
    {
        string[][] past = [["wang"], ["wang"], [], []];
        Assert.Empty(ExpectedDiners.Candidates([], past, regularVisits: 3));
        Assert.Contains("wang", ExpectedDiners.Candidates([], past, regularVisits: 2).Keys);
    }

    [Fact]
    public void Absent_are_the_watched_candidates_who_did_not_come()
    {
        var candidates = new Dictionary<string, ExpectedBecause>
        {
            ["came"] = ExpectedBecause.Regular,
            ["missing"] = ExpectedBecause.Regular,
            ["booked-missing"] = ExpectedBecause.Booked,
            ["paused"] = ExpectedBecause.Regular,
            ["paused-until-yesterday"] = ExpectedBecause.Regular,
            ["never-opted-in"] = ExpectedBecause.Regular,
            ["withdrew"] = ExpectedBecause.Regular,
        };
        var watches = new Dictionary<string, AbsenceWatchView>
        {
            ["came"] = Watching("came"),
            ["missing"] = Watching("missing"),
            ["booked-missing"] = Watching("booked-missing"),
            ["paused"] = Watching("paused", awayUntil: Wednesday),
            ["paused-until-yesterday"] = Watching("paused-until-yesterday", awayUntil: Wednesday.AddDays(-1)),
            ["never-opted-in"] = new("never-opted-in", false, null, null, null, null, 0, default),
            ["withdrew"] = Withdrawn("withdrew"),
        };

        var absent = ExpectedDiners.Absent(Canteen, Meal.Lunch, Wednesday, candidates, watches, visitors: ["came", "someone-else"]);

        Assert.Equal(
            [("booked-missing", ExpectedBecause.Booked), ("missing", ExpectedBecause.Regular), ("paused-until-yesterday", ExpectedBecause.Regular)],
            absent);
    }

    [Fact]
    public void Nobody_is_expected_on_a_closed_date_or_at_a_meal_the_canteen_does_not_serve()
    {
        var candidates = new Dictionary<string, ExpectedBecause> { ["wang"] = ExpectedBecause.Regular };
        var watches = new Dictionary<string, AbsenceWatchView> { ["wang"] = Watching("wang") };

        Assert.Single(ExpectedDiners.Absent(Canteen, Meal.Lunch, Wednesday, candidates, watches, []));
        Assert.Empty(ExpectedDiners.Absent(Canteen with { ClosedDates = [Wednesday] }, Meal.Lunch, Wednesday, candidates, watches, []));
        Assert.Empty(ExpectedDiners.Absent(Canteen, Meal.Breakfast, Wednesday, candidates, watches, []));
    }

    [Fact]
    public void A_check_falls_due_at_the_meals_local_end_plus_the_canteens_grace()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var canteen = Canteen with { AlertGraceMinutes = 45 };
        // Lunch ends 13:00 in Ningbo (05:00 UTC): due 13:45 local.
        var due = new DateTimeOffset(2026, 12, 2, 5, 45, 0, TimeSpan.Zero);

        Assert.Equal(due, MealCheck.Next([("c1", canteen)], zone, due.AddHours(-3)));
        Assert.Empty(MealCheck.DueBetween([("c1", canteen)], zone, due.AddHours(-3), due.AddMinutes(-1)));
        var check = Assert.Single(MealCheck.DueBetween([("c1", canteen)], zone, due.AddHours(-3), due));
        Assert.Equal(("c1", Wednesday, Meal.Lunch), (check.CanteenId, check.Date, check.Meal));
        // The default grace is 30 minutes.
        Assert.Equal(due.AddMinutes(-15), MealCheck.Next([("c1", Canteen)], zone, due.AddHours(-3)));
    }

    [Fact]
    public void The_definition_refuses_a_grace_out_of_range()
    {
        Assert.Null(Canteen.Validate());
        Assert.Equal("alertGraceMinutes", (Canteen with { AlertGraceMinutes = -1 }).Validate()!.Errors!.Keys.Single());
        Assert.Equal("alertGraceMinutes", (Canteen with { AlertGraceMinutes = 241 }).Validate()!.Errors!.Keys.Single());
    }
}
