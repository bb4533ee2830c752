using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Occupancy.Grains.Telemetry;

/// <summary>
/// Observable gauges of the places active on this silo: reported from the activations themselves, so each place is
/// exported once, by the silo that holds it now. Labels: kind (facility or canteen), site and place (public ids).
/// </summary>
public sealed class PlaceGauges
{
    private readonly ConcurrentDictionary<PlaceGauge, byte> _active = new();

    public PlaceGauges(Meter meter)
    {
        meter.CreateObservableGauge("occupancy.place.occupied", () => Observe(r => r.Occupied), "{person}",
            "People in a facility, or seats taken in a canteen, as last written.");
        meter.CreateObservableGauge("occupancy.place.capacity", () => Observe(r => r.Capacity), "{person}",
            "Capacity of a facility, or seats of a canteen.");
        meter.CreateObservableGauge("occupancy.place.level", () => Observe(r => (int)r.Level), "1",
            "Level shown at the door: 0 closed, 1 quiet, 2 busy, 3 nearly full, 4 full.");
    }

    /// <summary>Places active on this silo (defined or not).</summary>
    public int Count => _active.Count;

    public PlaceGauge Register(string kind, string placeId)
    {
        var gauge = new PlaceGauge(kind, placeId);
        _active.TryAdd(gauge, 0);
        return gauge;
    }

    public void Remove(PlaceGauge gauge) => _active.TryRemove(gauge, out _);

    private IEnumerable<Measurement<int>> Observe(Func<PlaceReading, int> value)
    {
        foreach (var gauge in _active.Keys)
        {
            if (gauge.Reading is not { } reading) continue;
            yield return new Measurement<int>(value(reading),
                new KeyValuePair<string, object?>("kind", gauge.Kind),
                new KeyValuePair<string, object?>("site", reading.SiteId),
                new KeyValuePair<string, object?>("place", gauge.PlaceId));
        }
    }
}
