using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Occupancy.Api.Tests.Support;

/// <summary>A hub client that records every <c>changed</c> push, for tests to wait on.</summary>
/// <remarks>One queue per topic: waiting on one topic must never swallow another topic's push, since pushes of
/// different topics arrive in no fixed order.</remarks>
public sealed class Watcher : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _pushes = new();

    private Watcher(HubConnection hub)
    {
        Hub = hub;
        hub.On<string, JsonElement>("changed", (topic, snapshot) => Pushes(topic).Writer.TryWrite(snapshot));
    }

    private Channel<JsonElement> Pushes(string topic) => _pushes.GetOrAdd(topic, _ => Channel.CreateUnbounded<JsonElement>());

    public HubConnection Hub { get; }

    public static async Task<Watcher> Connect(HubConnection hub)
    {
        var watcher = new Watcher(hub);
        await hub.StartAsync();
        return watcher;
    }

    public Task<JsonElement> Watch(string topic) => Hub.InvokeAsync<JsonElement>("Watch", topic);

    /// <summary>The next push of a topic that satisfies a condition; fails after a generous bound, saying what it waited for.</summary>
    public async Task<JsonElement> NextPush(string topic, Func<JsonElement, bool> wanted, string what, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var snapshot = await Pushes(topic).Reader.ReadAsync(limit.Token);
                if (wanted(snapshot)) return snapshot;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out waiting for {what} on {topic}.");
        }
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
