using System.Globalization;
using Microsoft.AspNetCore.SignalR;

namespace Occupancy.Api.Live;

/// <summary>
/// A hub connection lives no longer than the token it was opened with: at the token's <c>exp</c> the connection is
/// aborted, and the client reconnects with a renewed token (or not at all). Anonymous connections have no end.
/// </summary>
internal static class ConnectionExpiry
{
    /// <summary>A timer waits at most this long at once (timers cannot wait ~50 days); a far expiry is waited for in steps.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(7);

    private static readonly object TimerKey = new();

    public static void Arm(HubCallerContext context, TimeProvider time)
    {
        if (context.User?.FindFirst("exp")?.Value is not { } exp
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return;
        var expiresAt = seconds >= DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(seconds);
        context.Items[TimerKey] = new Expiry(context, time, expiresAt);
    }

    public static void Disarm(HubCallerContext context)
    {
        if (context.Items.Remove(TimerKey, out var expiry)) (expiry as IDisposable)?.Dispose();
    }

    private sealed class Expiry : IDisposable
    {
        private readonly ITimer _timer;

        public Expiry(HubCallerContext context, TimeProvider time, DateTimeOffset expiresAt)
        {
            _timer = time.CreateTimer(_ =>
            {
                var left = expiresAt - time.GetUtcNow();
                if (left <= TimeSpan.Zero) context.Abort();
                else _timer!.Change(Min(left, LongestWait), Timeout.InfiniteTimeSpan);
            }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(Min(Max(expiresAt - time.GetUtcNow(), TimeSpan.Zero), LongestWait), Timeout.InfiniteTimeSpan);
        }

        public void Dispose() => _timer.Dispose();

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }
}
