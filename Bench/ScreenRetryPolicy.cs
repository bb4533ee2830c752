using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using Occupancy.Grains;

namespace Occupancy.Bench;

/// <summary>
/// The screens' reconnect policy (Api/wwwroot/js/live.js, <c>retryDelay</c>), for the bench's .NET watchers: after the
/// server closed the connection, at once and then every 0.5–1 s for a minute; otherwise exponential back-off with
/// jitter up to 30 s, forever.
/// </summary>
internal sealed class ScreenRetryPolicy : IRetryPolicy
{
    private static readonly TimeSpan RestartWindow = TimeSpan.FromMinutes(1);

    /// <summary>Set when the server sent a close message; cleared once connected again.</summary>
    public volatile bool ServerClosed;

    private int _attempts;

    /// <summary>Reconnect attempts made so far.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public TimeSpan? NextRetryDelay(RetryContext context)
    {
        Interlocked.Increment(ref _attempts);
        var attempt = (int)Math.Min(context.PreviousRetryCount, 20);
        if (ServerClosed && attempt == 0) return TimeSpan.Zero;
        if (ServerClosed && context.ElapsedTime < RestartWindow) return TimeSpan.FromMilliseconds(500 + Random.Shared.Next(500));
        var ceiling = Math.Min(30_000, 1000 * Math.Pow(2, Math.Min(ServerClosed ? attempt - 1 : attempt, 10)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
    }
}

/// <summary>The hub's JSON protocol, telling the retry policy when the server closes the connection (as live.js does).</summary>
internal sealed class CloseAwareProtocol(ScreenRetryPolicy policy) : IHubProtocol
{
    private readonly JsonHubProtocol _json = new(Options.Create(new JsonHubProtocolOptions
    {
        PayloadSerializerOptions = OccupancyJson.Configure(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
    }));

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (!_json.TryParseMessage(ref input, binder, out message)) return false;
        if (message is CloseMessage) policy.ServerClosed = true;
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);
}
