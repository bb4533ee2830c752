using System.Globalization;
using Occupancy.Grains.Forecasts;

namespace Occupancy.Bench.Forecasts;

/// <summary>
/// `Bench forecast [--seeds 12,1,2,3,4]`: the forecast's and the plain usual curve's mean absolute error on the held-out
/// generated week of each seed (no running system needed). Figures, not assertions; Grains.Tests asserts the win.
/// </summary>
internal static class ForecastAccuracy
{
    public static int Run(string seeds)
    {
        var results = seeds.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => ForecastEvaluation.OnDemoCatalog(int.Parse(s, CultureInfo.InvariantCulture))).ToArray();
        Console.WriteLine("| seed | predictions | forecast MAE (people) | usual curve MAE (people) | forecast better by |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Seed} | {r.Predictions} | {r.ForecastMae:F2} | {r.UsualMae:F2} | {(1 - r.ForecastMae / r.UsualMae) * 100:F1} % |"));
        Console.WriteLine(results.All(r => r.ForecastWins)
            ? $"The forecast beats the usual curve on every seed; the routes show it ({PlaceForecaster.Shown})."
            : "The forecast does NOT beat the usual curve on every seed.");
        return 0;
    }
}
