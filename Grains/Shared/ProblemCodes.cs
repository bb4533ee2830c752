namespace Occupancy.Grains;

/// <summary>The problem codes of the public contract; the Api maps each to its HTTP status.</summary>
public static class ProblemCodes
{
    public const string InvalidId = "invalid-id";
    public const string InvalidRequest = "invalid-request";
    public const string OverCapacity = "over-capacity";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string Full = "full";
    public const string AlreadyBooked = "already-booked";
    public const string Overlap = "overlap";
    public const string NotEligible = "not-eligible";
    public const string LimitReached = "limit-reached";
    public const string Blocked = "blocked";
    public const string BookingNotOpen = "booking-not-open";
    public const string BookingClosed = "booking-closed";
    public const string InvalidState = "invalid-state";
    public const string RequestInProgress = "request-in-progress";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string RateLimited = "rate-limited";
    public const string StorageUnavailable = "storage-unavailable";
    public const string ClusterUnavailable = "cluster-unavailable";
}
