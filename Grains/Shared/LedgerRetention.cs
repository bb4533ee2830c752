namespace Occupancy.Grains;

/// <summary>
/// How long and how many answered requests an entity remembers. The contract promises at least 24 hours;
/// the count cap keeps a grain's state bounded even under abuse (the oldest go first).
/// </summary>
public sealed record LedgerRetention(TimeSpan KeepFor, int MaxEntries)
{
    public static LedgerRetention Default { get; } = new(TimeSpan.FromHours(25), 1000);
}
