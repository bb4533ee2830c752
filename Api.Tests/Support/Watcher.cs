using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Occupancy.Api.Tests.Support;

/// <summary>A hub client that records every <c>changed</c> push, for tests to wait on.</summary>
public sealed class Watcher : IAsyncDisposable
{
    private readonly Channel<(string Topic, JsonElement Snapshot)> _pushes = Channel.CreateUnbounded<(string, JsonElement)>();

    private Watcher(HubConnection hub)
    {
        Hub = hub;
        hub.On<string, JsonElement>("changed", (topic, snapshot) => _pushes.Writer.TryWrite((topic, snapshot)));
    }

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
                var (pushedTopic, snapshot) = await _pushes.Reader.ReadAsync(limit.Token);
                if (pushedTopic == topic && wanted(snapshot)) return snapshot;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out waiting for {what} on {topic}.");
        }
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
