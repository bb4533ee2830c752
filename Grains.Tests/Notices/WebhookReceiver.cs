using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Occupancy.Grains.Notices;

namespace Occupancy.Grains.Tests.Notices;

/// <summary>How the receiver treats an attempt (the n-th, from 1) of a delivery.</summary>
public enum ReceiverMove
{
    /// <summary>Verify, apply once, answer 200.</summary>
    Accept,

    /// <summary>Answer 503 without applying.</summary>
    Refuse,

    /// <summary>Apply, then drop the connection before answering: the sender must retry, the receiver must not apply twice.</summary>
    ApplyThenDrop,

    /// <summary>Drop the connection before reading the request.</summary>
    Drop,
}

/// <summary>
/// A real gateway on a loopback port (Kestrel): verifies the signature of every request, applies each delivery id
/// once whatever arrives again, and counts what it saw. <see cref="Policy"/> decides each attempt.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _secret;
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly ConcurrentDictionary<string, NoticeMessage> _applied = new();
    private int _requests, _refused, _dropped, _duplicatesReceived, _badSignatures;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        _secret = secret;
        app.MapPost("/hook", Handle);
    }

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var receiver = new WebhookReceiver(builder.Build(), secret);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    public string Url { get; private set; } = "";

    /// <summary>(delivery id, attempt number) → what to do; default: accept.</summary>
    public Func<string, int, ReceiverMove> Policy { get; set; } = (_, _) => ReceiverMove.Accept;

    public IReadOnlyDictionary<string, NoticeMessage> Applied => _applied;

    public int Requests => _requests;
    public int Refused => _refused;
    public int Dropped => _dropped;
    public int DuplicatesReceived => _duplicatesReceived;
    public int BadSignatures => _badSignatures;

    public int AttemptsOf(string deliveryId) => _attempts.GetValueOrDefault(deliveryId);

    public override string ToString() =>
        $"{_requests} requests, {_applied.Count} applied, {_refused} refused, {_dropped} dropped, {_duplicatesReceived} duplicates received, "
        + $"{_badSignatures} bad signatures";

    private async Task Handle(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var deliveryId = context.Request.Headers[NoticeSignature.DeliveryHeader].ToString();
        var attempt = _attempts.AddOrUpdate(deliveryId, 1, (_, n) => n + 1);
        var move = Policy(deliveryId, attempt);
        if (move == ReceiverMove.Drop)
        {
            Interlocked.Increment(ref _dropped);
            context.Abort();
            return;
        }
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        if (!NoticeSignature.Verify(_secret, context.Request.Headers[NoticeSignature.Header], body, out _))
        {
            Interlocked.Increment(ref _badSignatures);
            context.Response.StatusCode = 401;
            return;
        }
        var message = JsonSerializer.Deserialize<NoticeMessage>(body, OccupancyJson.Options)!;
        if (message.DeliveryId != deliveryId)
        {
            Interlocked.Increment(ref _badSignatures);
            context.Response.StatusCode = 400;
            return;
        }
        if (move == ReceiverMove.Refuse)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = 503;
            return;
        }
        // Apply once: a delivery id seen before is acknowledged and not applied again.
        if (!_applied.TryAdd(message.DeliveryId, message)) Interlocked.Increment(ref _duplicatesReceived);
        if (move == ReceiverMove.ApplyThenDrop)
        {
            // Applied, but the sender never hears so: the connection is reset before any answer.
            Interlocked.Increment(ref _dropped);
            context.Abort();
            return;
        }
        context.Response.StatusCode = 200;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
