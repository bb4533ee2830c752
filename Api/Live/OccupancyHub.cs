using Microsoft.AspNetCore.SignalR;
using Occupancy.Grains;
using Occupancy.Grains.Live;

namespace Occupancy.Api.Live;

/// <summary>
/// The contract's hub: Watch / WatchMany / Unwatch, server event <c>changed(topic, snapshot)</c>.
/// Connections watch through this node's relay; grains never see individual sockets.
/// </summary>
internal sealed class OccupancyHub(LiveRelay relay, TimeProvider time) : Hub
{
    public override Task OnConnectedAsync()
    {
        ConnectionExpiry.Arm(Context, time);
        return Task.CompletedTask;
    }

    public Task<IVersionedSnapshot> Watch(string topic) => relay.Watch(Context.ConnectionId, topic);

    /// <summary>Answers <c>object[]</c> so each snapshot is written as its own type, not as the interface.</summary>
    public async Task<object[]> WatchMany(string[] topics)
    {
        if (topics is null || topics.Length > LiveRelay.MaxTopicsPerConnection)
            throw new HubException($"{ProblemCodes.InvalidRequest}: name 1 to {LiveRelay.MaxTopicsPerConnection} topics.");
        var snapshots = await Task.WhenAll(topics.Select(topic => relay.Watch(Context.ConnectionId, topic)));
        return [.. snapshots];
    }

    public Task Unwatch(string topic) =>
        topic is null
            ? throw new HubException($"{ProblemCodes.InvalidRequest}: name the topic to stop watching.")
            : relay.Unwatch(Context.ConnectionId, topic);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        ConnectionExpiry.Disarm(Context);
        return relay.Disconnected(Context.ConnectionId);
    }
}
