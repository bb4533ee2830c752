namespace Occupancy.Grains.Telemetry;

/// <summary>
/// One active place's entry in <see cref="PlaceGauges"/>: registered when the activation starts, removed when it
/// ends, so a place that moves to another silo is reported by exactly one of them.
/// </summary>
public sealed class PlaceGauge(string kind, string placeId)
{
    private volatile PlaceReading? _reading;

    public string Kind { get; } = kind;

    public string PlaceId { get; } = placeId;

    /// <summary>Null until the place is defined.</summary>
    public PlaceReading? Reading => _reading;

    public void Update(PlaceReading reading) => _reading = reading;
}
