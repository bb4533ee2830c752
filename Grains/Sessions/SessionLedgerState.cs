namespace Occupancy.Grains.Sessions;

/// <summary>A session's answered requests, in their own row, apart from the session's state (bounded by bytes, kept 25 hours).</summary>
[GenerateSerializer, Alias("SessionLedgerState")]
internal sealed class SessionLedgerState
{
    [Id(0)] public RequestLedger<SessionReply> Answers { get; set; } = new();
}
