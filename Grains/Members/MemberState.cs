namespace Occupancy.Grains.Members;

[GenerateSerializer, Alias("MemberState")]
internal sealed class MemberState
{
    [Id(0)] public MemberProfile? Profile { get; set; }
    /// <summary>All no-shows ever recorded (shown on the profile).</summary>
    [Id(1)] public int NoShows { get; set; }
    /// <summary>No-shows that still count toward a block (since the last block or waiver), bounded.</summary>
    [Id(2)] public List<DateTimeOffset> CountedNoShows { get; set; } = [];
    [Id(3)] public DateTimeOffset? BlockedUntil { get; set; }
    /// <summary>Bookings as their sessions last reported them; bounded by the history retention.</summary>
    [Id(4)] public Dictionary<string, MemberBookingChange> Bookings { get; set; } = [];
    [Id(5)] public Dictionary<string, MemberHold> Holds { get; set; } = [];
    [Id(6)] public RequestLedger<MemberView> Ledger { get; set; } = new();
    [Id(7)] public long Version { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
}
