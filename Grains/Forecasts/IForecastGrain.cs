namespace Occupancy.Grains.Forecasts;

/// <summary>
/// "When to come": forecasts for the rest of today from the site-day history (a stateless worker, key 0; it keeps
/// nothing and reads the place, its site and nine days of history on each call).
/// </summary>
public interface IForecastGrain : IGrainWithIntegerKey
{
    /// <summary>Not found for an unknown facility.</summary>
    Task<Outcome<PlaceForecast>> ForFacility(string facilityId);

    /// <summary>Not found for an unknown canteen.</summary>
    Task<Outcome<PlaceForecast>> ForCanteen(string canteenId);
}
