using Occupancy.Grains.Catalog;

namespace Occupancy.Grains.Forecasts;

/// <summary>
/// Measures the forecast against the plain usual curve on a held-out generated week: eight weeks of
/// <see cref="DemoHistory"/> before an anchor day train the usual curve; the week from the anchor on is replayed hour by
/// hour: at the start of each open hour, with the day's earlier hours known, both predict every later open hour of the
/// day, and each is scored by its mean absolute error (people) against what the generator says happened.
/// </summary>
public static class ForecastEvaluation
{
    public sealed record Result(int Seed, int Predictions, double ForecastMae, double UsualMae)
    {
        public bool ForecastWins => ForecastMae < UsualMae;
    }

    public static Result Run(IReadOnlyList<HistoryPlace> places, DateOnly anchor, int seed,
        double carry = TodayForecast.Carry, double priorHours = TodayForecast.PriorHours)
    {
        double forecastError = 0, usualError = 0;
        var predictions = 0;
        foreach (var place in places)
        {
            for (var day = 0; day < 7; day++)
            {
                var date = anchor.AddDays(day);
                var history = Enumerable.Range(1, DemoHistory.Weeks)
                    .Select(week => new PastDay(DemoHistory.Day(place, date.AddDays(-7 * week), anchor, seed), Generated: true)).ToArray();
                var usual = PlaceForecaster.UsualCurve(history);
                var truth = DemoHistory.Day(place, date, anchor, seed);
                var opening = place.OpeningOn(date);
                for (var now = 0; now < 24; now++)
                {
                    if (!opening.IsOpenDuring(now)) continue;
                    // What is known at the start of the hour: the hours before it.
                    var known = truth.Select((v, h) => h < now ? v : 0).ToArray();
                    var forecast = TodayForecast.RestOfDay(usual, known, now, opening, carry, priorHours);
                    for (var h = now; h < 24; h++)
                    {
                        if (!opening.IsOpenDuring(h)) continue;
                        forecastError += Math.Abs((forecast[h - now] ?? 0) - truth[h]);
                        usualError += Math.Abs((usual[h] ?? 0) - truth[h]);
                        predictions++;
                    }
                }
            }
        }
        return new Result(seed, predictions, forecastError / Math.Max(1, predictions), usualError / Math.Max(1, predictions));
    }

    /// <summary>The demo catalog's places, the anchor a fixed Monday so the figures never change.</summary>
    public static Result OnDemoCatalog(int seed, double carry = TodayForecast.Carry, double priorHours = TodayForecast.PriorHours) =>
        Run(DemoCatalog.Load().Sites.SelectMany(s => s.Facilities.Select(HistoryPlace.Of).Concat(s.Canteens.Select(HistoryPlace.Of))).ToArray(),
            new DateOnly(2026, 11, 2), seed, carry, priorHours);
}
