namespace Occupancy.Grains.Sessions;

/// <summary>What a session answered to a request with an Idempotency-Key (one ledger for all its commands).</summary>
[GenerateSerializer, Immutable, Alias("SessionReply")]
internal sealed record SessionReply([property: Id(0)] BookingSnapshot? Booking, [property: Id(1)] SessionSnapshot? Session);
