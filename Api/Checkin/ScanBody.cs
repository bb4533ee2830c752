namespace Occupancy.Api.Checkin;

/// <summary>
/// The body of <c>POST /api/sites/{siteId}/scans</c>: a code's token read by the camera, or a card number with its PIN
/// typed on the pad; the canteen the kiosk stands at (a membership code or card there records a visit); when a queued
/// scan was made.
/// </summary>
public sealed record ScanBody(string? Code = null, string? CardNumber = null, string? Pin = null, string? CanteenId = null, DateTimeOffset? ScannedAt = null);
