using Occupancy.Grains.Forecasts;
using Xunit.Abstractions;

namespace Occupancy.Grains.Tests.Forecasts;

/// <summary>
/// On a held-out generated week (trained on the eight weeks before it, replayed hour by hour) the forecast that follows
/// today beats the plain usual curve in mean absolute error; the route shows it only because it does.
/// </summary>
public sealed class ForecastEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void On_the_seeded_held_out_week_the_forecast_beats_the_usual_curve()
    {
        var result = ForecastEvaluation.OnDemoCatalog(seed: 12);

        output.WriteLine($"seed {result.Seed}: {result.Predictions} predictions; forecast MAE {result.ForecastMae:F2} people, usual curve MAE {result.UsualMae:F2} people");
        Assert.True(result.ForecastWins, $"forecast MAE {result.ForecastMae:F3} is not below the usual curve's {result.UsualMae:F3}");
        Assert.Equal(ForecastMethod.AdjustedToToday, PlaceForecaster.Shown);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Other_seeds_agree(int seed)
    {
        var result = ForecastEvaluation.OnDemoCatalog(seed);

        output.WriteLine($"seed {seed}: forecast MAE {result.ForecastMae:F2}, usual curve MAE {result.UsualMae:F2}");
        Assert.True(result.ForecastWins, $"seed {seed}: forecast MAE {result.ForecastMae:F3} is not below the usual curve's {result.UsualMae:F3}");
    }
}
