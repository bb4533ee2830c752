using System.Runtime.Serialization;
using Newtonsoft.Json;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// A session's stored state. Its row is Orleans' JSON (property names matter, see docs/upgrades.md): a change of
/// shape raises <see cref="CurrentSchema"/>, reads the rows of the shapes before it, and keeps writing what the
/// builds still running during a roll read.
/// </summary>
#if OCCUPANCY_UPGRADE_DRILL
// The old name's property is for the store's JSON only, never for Orleans' own format: no [Id].
#pragma warning disable ORLEANS0004
#endif
[GenerateSerializer, Alias("SessionState")]
internal sealed class SessionState
#if OCCUPANCY_UPGRADE_DRILL
#pragma warning restore ORLEANS0004
#endif
{
    /// <summary>The shape this build writes. 1: the first numbered shape (the same fields as the unnumbered rows before it).</summary>
#if OCCUPANCY_UPGRADE_DRILL
    // The upgrade drill's build N+1 (docs/upgrades.md): UpdatedAt is stored as ChangedAt, FirstBookedAt is new.
    public const int CurrentSchema = 2;
#else
    public const int CurrentSchema = 1;
#endif

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
#if OCCUPANCY_UPGRADE_DRILL
    [Id(8), JsonProperty("ChangedAt")] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Schema 1's name for <see cref="UpdatedAt"/>: read from its rows, and still written for its builds during the roll.</summary>
    [JsonProperty("UpdatedAt")]
    private DateTimeOffset UpdatedAtOfSchema1
    {
        get => UpdatedAt;
        set => _updatedAtOfSchema1 = value;
    }

    private DateTimeOffset _updatedAtOfSchema1;

    /// <summary>When the earliest booking still kept was made; rows of schema 1 lack it and get it from their bookings.</summary>
    [Id(11)] public DateTimeOffset? FirstBookedAt { get; set; }
#else
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
#endif
    /// <summary>The outbox (<see cref="SessionOutbox"/>): bookings whose change at this version their member has not acknowledged.</summary>
    [Id(9)] public Dictionary<string, long> Undelivered { get; set; } = [];

    /// <summary>
    /// The shape of the build that last wrote the row: 0 for rows written before shapes were numbered. Every write
    /// stamps this build's <see cref="CurrentSchema"/>; an older build drops fields it does not know when it writes,
    /// and its lower stamp tells a newer build that those fields are missing, not empty.
    /// </summary>
    [Id(10)] public int Schema { get; set; }

    [OnSerializing]
    private void StampSchema(StreamingContext context) => Schema = CurrentSchema;

    [OnDeserialized]
    private void ReadOlderShapes(StreamingContext context)
    {
#if OCCUPANCY_UPGRADE_DRILL
        if (Schema < 2)
        {
            // Written by a build of schema 1 (or before): its name holds the value, any ChangedAt is stale.
            UpdatedAt = _updatedAtOfSchema1;
            FirstBookedAt = Bookings.Count == 0 ? null : Bookings.Values.Min(b => b.CreatedAt);
        }
#endif
    }
}
