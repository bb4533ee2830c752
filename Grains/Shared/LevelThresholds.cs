namespace Occupancy.Grains;

/// <summary>Where quiet turns busy and busy turns nearly full; each facility and canteen may set its own.</summary>
[GenerateSerializer, Immutable, Alias("LevelThresholds")]
public sealed record LevelThresholds([property: Id(0)] double QuietBelow = 0.6, [property: Id(1)] double NearlyFullFrom = 0.9)
{
    public static LevelThresholds Default { get; } = new();

    public Level LevelOf(bool open, int occupied, int capacity)
    {
        if (!open) return Level.Closed;
        var ratio = (double)occupied / Math.Max(1, capacity);
        return ratio < QuietBelow ? Level.Quiet
            : ratio < NearlyFullFrom ? Level.Busy
            : ratio < 1 ? Level.NearlyFull
            : Level.Full;
    }

    public Problem? Validate() =>
        QuietBelow is > 0 and <= 1 && NearlyFullFrom is > 0 and <= 1 && QuietBelow <= NearlyFullFrom
            ? null
            : Problem.Invalid("thresholds", "Thresholds must satisfy 0 < quietBelow <= nearlyFullFrom <= 1.");
}
