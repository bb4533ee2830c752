using System.Globalization;

namespace Occupancy.Grains.Canteens.Visits;

/// <summary>The key of a canteen's day of visits: <c>{canteenId}/{yyyy-MM-dd}</c>, the date local to the canteen's site.</summary>
public static class CanteenDayKey
{
    public static string Of(string canteenId, DateOnly date) => $"{canteenId}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
