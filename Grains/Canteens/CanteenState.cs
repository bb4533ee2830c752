namespace Occupancy.Grains.Canteens;

[GenerateSerializer, Alias("CanteenState")]
internal sealed class CanteenState : IPlaceState
{
    [Id(0)] public CanteenDefinition? Definition { get; set; }
    [Id(1)] public string TimeZone { get; set; } = "UTC";
    [Id(2)] public Dictionary<string, int> TableOccupied { get; set; } = [];
    [Id(3)] public bool Open { get; set; }
    [Id(4)] public long Version { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
}
