using System.Diagnostics;

namespace Occupancy.GrainsTests.Support;

/// <summary>Waits for a condition instead of sleeping: polls it until it holds or a generous deadline passes.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(25);

    public static Task Until(Func<bool> condition, string message, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), message, timeout);

    public static async Task Until(Func<Task<bool>> condition, string message, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return;
            if (watch.Elapsed > limit) Assert.Fail($"Not within {limit.TotalSeconds:F0} s: {message}");
            await Task.Delay(PollEvery);
        }
    }

    /// <summary>Reads until a value is accepted and answers it; the last value read is shown when it never is.</summary>
    public static async Task<T> Value<T>(Func<Task<T>> read, Func<T, bool> accept, string message, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (accept(value)) return value;
            if (watch.Elapsed > limit) Assert.Fail($"Not within {limit.TotalSeconds:F0} s: {message}. Last seen: {value}");
            await Task.Delay(PollEvery);
        }
    }
}
