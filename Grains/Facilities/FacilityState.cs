namespace Occupancy.Grains.Facilities;

[GenerateSerializer, Alias("FacilityState")]
internal sealed class FacilityState : IPlaceState
{
    [Id(0)] public FacilityDefinition? Definition { get; set; }
    [Id(1)] public string TimeZone { get; set; } = "UTC";
    /// <summary>Headcount of a facility without zones.</summary>
    [Id(2)] public int Occupied { get; set; }
    [Id(3)] public Dictionary<string, int> ZoneOccupied { get; set; } = [];
    [Id(4)] public bool Open { get; set; }
    [Id(5)] public long Version { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Sensor event ids seen lately, oldest first, so a resent event counts once.</summary>
    [Id(7)] public List<string> RecentEventIds { get; set; } = [];
    /// <summary>Answers to requests that carried an Idempotency-Key, written with the change they made.</summary>
    [Id(8)] public RequestLedger<FacilitySnapshot> Ledger { get; set; } = new();
}
