namespace Occupancy.Bench.Chaos;

/// <summary>
/// One logical request as a client sees it: one Idempotency-Key, retried with that key on 503, 429, 409
/// <c>request-in-progress</c>, timeouts and broken connections until a definite answer or the give-up bound.
/// Times are offsets from the start of the run.
/// </summary>
internal sealed class BookingOp(bool isBook, string sessionId, string memberId, string key, string? bookingId)
{
    public bool IsBook { get; } = isBook;

    public string SessionId { get; } = sessionId;

    public string MemberId { get; } = memberId;

    public string Key { get; } = key;

    /// <summary>For a cancellation, the booking it cancels; for a booking, the one the 201 named.</summary>
    public string? BookingId { get; set; } = bookingId;

    public TimeSpan? FirstSent { get; set; }

    /// <summary>When the 2xx arrived; null when none did.</summary>
    public TimeSpan? AcknowledgedAt { get; set; }

    /// <summary>The definite HTTP status; 0 while unanswered or when the client gave up.</summary>
    public int Status { get; set; }

    /// <summary>The booking's status in a 2xx, or the problem code of a 4xx.</summary>
    public string? Code { get; set; }

    public int? WaitlistPosition { get; set; }

    public int Attempts { get; set; }

    public bool Acknowledged => AcknowledgedAt is not null;

    /// <summary>Neither acknowledged nor refused: it may or may not have happened.</summary>
    public bool OutcomeUnknown => Status == 0;
}
