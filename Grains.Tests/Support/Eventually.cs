namespace Occupancy.Grains.Tests.Support;

/// <summary>Waits for a condition with a generous bound instead of sleeping; fails with a message saying what did not happen.</summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for: {what}");
            await Task.Delay(50);
        }
    }
}
