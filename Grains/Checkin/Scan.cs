namespace Occupancy.Grains.Checkin;

/// <summary>
/// A scan at a site's kiosk as the Api verified it (a code's signature is checked there, where its key lives): what was
/// read, at which canteen (null away from one), and when the kiosk made it (<see cref="ScannedAt"/>, null: now).
/// </summary>
[GenerateSerializer, Immutable, Alias("Scan")]
public sealed record Scan(
    [property: Id(0)] ScanKind Kind,
    [property: Id(1)] string? SessionId = null,
    [property: Id(2)] string? BookingId = null,
    [property: Id(3)] string? MemberId = null,
    [property: Id(4)] string? CardNumber = null,
    [property: Id(5)] string? Pin = null,
    [property: Id(6)] string? CanteenId = null,
    [property: Id(7)] DateTimeOffset? ScannedAt = null);
