namespace Occupancy.Grains.Stats;

[GenerateSerializer, Alias("SiteDayState")]
internal sealed class SiteDayState
{
    [Id(0)] public int Visits { get; set; }
    [Id(1)] public int MealsServed { get; set; }
    [Id(2)] public int Bookings { get; set; }
    [Id(3)] public int Cancellations { get; set; }
    [Id(4)] public int NoShows { get; set; }
    [Id(5)] public int SessionsHeld { get; set; }
    /// <summary>Per facility or canteen id; bounded by <see cref="SiteDayGrain.MaxParts"/>.</summary>
    [Id(6)] public Dictionary<string, PartDayState> Parts { get; set; } = [];
    /// <summary>The day's hours were made up by the demo's history generator, not recorded: screens and the API say so.</summary>
    [Id(7)] public bool Generated { get; set; }
}
