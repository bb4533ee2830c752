using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Occupancy.Api.Live;

/// <summary>
/// SignalR's own in-memory lifetime manager, which also knows this node's connections so that, when the node stops,
/// it can tell each one to reconnect (a close message that allows reconnecting) before the sockets go. Clients tell
/// a connection the server closed from one that was lost, and retry the first at once (live.js).
/// </summary>
internal sealed class ClosingHubLifetimeManager(ILogger<DefaultHubLifetimeManager<OccupancyHub>> logger, IHostApplicationLifetime lifetime)
    : DefaultHubLifetimeManager<OccupancyHub>(logger)
{
    private int _armed;

    private static readonly CloseMessage Reconnect = new(error: null, allowReconnect: true);

    private readonly ConcurrentDictionary<string, HubConnectionContext> _open = new(StringComparer.Ordinal);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        // SignalR drops every connection when the node starts stopping (a callback on ApplicationStopping, registered
        // when its first connection came). Callbacks run last-registered first: this one, registered after, tells
        // the clients before that happens.
        if (Interlocked.Exchange(ref _armed, 1) == 0)
            lifetime.ApplicationStopping.Register(() => CloseAll(TimeSpan.FromSeconds(2), CancellationToken.None).GetAwaiter().GetResult());
        _open[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _open.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>Set once the node is stopping: new hub connections are refused (503), so clients retry elsewhere or later.</summary>
    public bool Stopping { get; private set; }

    /// <summary>
    /// Sends every open connection a close message that allows reconnecting; each client then closes its side. Waits
    /// (bounded) until they have, so the message is not cut off by the server's own stop.
    /// </summary>
    public async Task CloseAll(TimeSpan wait, CancellationToken cancellationToken)
    {
        Stopping = true;
        await Task.WhenAll(_open.Values.Select(async connection =>
        {
            try
            {
                await connection.WriteAsync(Reconnect, cancellationToken);
            }
            catch (Exception)
            {
                // Already gone: nothing to tell.
            }
        }));
        var until = DateTime.UtcNow + wait;
        while (!_open.IsEmpty && DateTime.UtcNow < until) await Task.Delay(50, cancellationToken);
    }
}
