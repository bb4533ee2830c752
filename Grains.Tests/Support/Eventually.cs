using System.Diagnostics;

namespace Occupancy.Grains.Tests.Support;

/// <summary>Waits for a condition with a generous bound instead of sleeping; fails with a message saying what did not happen.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(25);

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), what, timeout);

    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return;
            if (watch.Elapsed > limit) Assert.Fail($"Not within {limit.TotalSeconds:F0} s: {what}");
            await Task.Delay(PollEvery);
        }
    }

    /// <summary>Probes until it answers something, and answers that.</summary>
    public static async Task<T> Until<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class =>
        (await Value(probe, value => value is not null, what, timeout))!;

    /// <summary>Reads until a value is accepted and answers it; the last value read is shown when none is.</summary>
    public static async Task<T> Value<T>(Func<Task<T>> read, Func<T, bool> accept, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (accept(value)) return value;
            if (watch.Elapsed > limit) Assert.Fail($"Not within {limit.TotalSeconds:F0} s: {what}. Last seen: {value}");
            await Task.Delay(PollEvery);
        }
    }
}
