using Microsoft.AspNetCore.SignalR;
using Occupancy.Api.Access;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Live;

namespace Occupancy.Api.Live;

/// <summary>
/// The contract's hub: Watch / WatchMany / Unwatch, server event <c>changed(topic, snapshot)</c>.
/// Connections watch through this node's relay; grains never see individual sockets. Every topic is admitted
/// for the connection's actor before anything is subscribed (member topics are private).
/// </summary>
internal sealed class OccupancyHub(LiveRelay relay, TopicResolver resolver, ClaimNames claims) : Hub
{
    public async Task<IVersionedSnapshot> Watch(string topic)
    {
        await resolver.Admit(topic, CurrentActor());
        return await relay.Watch(Context.ConnectionId, topic);
    }

    /// <summary>Answers <c>object[]</c> so each snapshot is written as its own type, not as the interface. One refusal subscribes nothing.</summary>
    public async Task<object[]> WatchMany(string[] topics)
    {
        if (topics is null || topics.Length > LiveRelay.MaxTopicsPerConnection)
            throw new HubException($"{ProblemCodes.InvalidRequest}: name 1 to {LiveRelay.MaxTopicsPerConnection} topics.");
        var actor = CurrentActor();
        await Task.WhenAll(topics.Select(topic => resolver.Admit(topic, actor)));
        var snapshots = await Task.WhenAll(topics.Select(topic => relay.Watch(Context.ConnectionId, topic)));
        return [.. snapshots];
    }

    public Task Unwatch(string topic) =>
        topic is null
            ? throw new HubException($"{ProblemCodes.InvalidRequest}: name the topic to stop watching.")
            : relay.Unwatch(Context.ConnectionId, topic);

    /// <summary>The connection's actor, from the token it connected with (anonymous by address without one).</summary>
    private Actor CurrentActor() => claims.ToActor(Context.User, Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString());

    public override Task OnDisconnectedAsync(Exception? exception) => relay.Disconnected(Context.ConnectionId);
}
