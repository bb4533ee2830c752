using Occupancy.Grains.Live;

namespace Occupancy.Grains.Facilities;

/// <summary>A facility as screens and dashboards see it: the REST body and the hub payload of <c>facility:{id}</c>.</summary>
[GenerateSerializer, Immutable, Alias("FacilitySnapshot")]
public sealed record FacilitySnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string SiteId,
    [property: Id(2)] FacilityKind Kind,
    [property: Id(3)] string Name,
    [property: Id(4)] string? NameEn,
    [property: Id(5)] int Capacity,
    [property: Id(6)] int Occupied,
    [property: Id(7)] int Available,
    [property: Id(8)] Level Level,
    [property: Id(9)] bool Open,
    [property: Id(10)] IReadOnlyDictionary<string, string[][]>? OpeningHours,
    [property: Id(11)] IReadOnlyList<ZoneSnapshot> Zones,
    [property: Id(12)] double QuietBelow,
    [property: Id(13)] double NearlyFullFrom,
    [property: Id(14)] long Version,
    [property: Id(15)] DateTimeOffset UpdatedAt) : IVersionedSnapshot;
