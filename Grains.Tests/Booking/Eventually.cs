using System.Diagnostics;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>Waits for a condition that becomes true asynchronously (outbox delivery, pushes), with a generous timeout.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit) Assert.Fail($"Timed out after {limit.TotalSeconds:0}s waiting until {because}.");
            await Task.Delay(25);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), because, timeout);
}
