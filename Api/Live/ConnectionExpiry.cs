using System.Globalization;
using Microsoft.AspNetCore.SignalR;

namespace Occupancy.Api.Live;

/// <summary>
/// A hub connection lives no longer than the token it was opened with: at the token's <c>exp</c> the connection is
/// aborted, and the client reconnects with a renewed token (or not at all). Anonymous connections have no end.
/// </summary>
internal static class ConnectionExpiry
{
    private static readonly object TimerKey = new();

    public static void Arm(HubCallerContext context, TimeProvider time)
    {
        if (context.User?.FindFirst("exp")?.Value is not { } exp
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return;
        var left = DateTimeOffset.FromUnixTimeSeconds(seconds) - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            context.Abort();
            return;
        }
        context.Items[TimerKey] = time.CreateTimer(static state => ((HubCallerContext)state!).Abort(), context, left, Timeout.InfiniteTimeSpan);
    }

    public static void Disarm(HubCallerContext context)
    {
        if (context.Items.Remove(TimerKey, out var timer)) (timer as IDisposable)?.Dispose();
    }
}
