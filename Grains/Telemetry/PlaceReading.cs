namespace Occupancy.Grains.Telemetry;

/// <summary>What a place's gauges show: its last acknowledged occupancy.</summary>
public sealed record PlaceReading(string SiteId, int Occupied, int Capacity, Level Level);
