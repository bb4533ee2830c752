namespace Occupancy.Grains.Sessions;

[GenerateSerializer, Alias("SessionState")]
internal sealed class SessionState
{
    [Id(0)] public SessionDefinition? Definition { get; set; }
    [Id(1)] public string TimeZone { get; set; } = "UTC";
    [Id(2)] public bool Cancelled { get; set; }
    /// <summary>The phase last written, so a change caused by the clock alone raises the version.</summary>
    [Id(3)] public SessionPhase Phase { get; set; }
    /// <summary>Active bookings (bounded by capacity and waitlist capacity) and the latest ended ones (bounded by retention).</summary>
    [Id(4)] public Dictionary<string, Booking> Bookings { get; set; } = [];
    /// <summary>Whole booking changes owed to members, as written before the outbox was compact: read, then moved to <see cref="Undelivered"/>.</summary>
    [Id(5)] public Dictionary<string, OutboxEntry> Outbox { get; set; } = [];
    [Id(6)] public RequestLedger<SessionReply> Ledger { get; set; } = new();
    [Id(7)] public long Version { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The outbox (<see cref="SessionOutbox"/>): bookings whose change at this version their member has not acknowledged.</summary>
    [Id(9)] public Dictionary<string, long> Undelivered { get; set; } = [];
}
