namespace Occupancy.Grains.Notices;

/// <summary>Exponential back-off, capped, with jitter so many outboxes that failed together do not retry together.</summary>
public static class RetryBackoff
{
    /// <summary>
    /// The wait after the <paramref name="attempts"/>-th failed attempt: first × 2^(attempts-1), at most
    /// <paramref name="max"/>, then a random half to whole of it (<paramref name="unit"/> in [0, 1)).
    /// </summary>
    public static TimeSpan After(int attempts, TimeSpan first, TimeSpan max, double unit)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = Math.Min((double)first.Ticks * Math.Pow(2, exponent), max.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.5 + 0.5 * Math.Clamp(unit, 0, 1))));
    }
}
