using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Occupancy.Bench;

/// <summary>
/// A screen's hub connection as the pages make it: WebSockets, the screens' reconnect policy, and the topic watched
/// again after every reconnect. Each snapshot, pushed or answered to that watch, goes to <c>seen</c>.
/// </summary>
internal static class ScreenConnection
{
    public static HubConnection Build(Uri node, string topic, ScreenRetryPolicy policy, Action<JsonElement> seen)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(node, "/hubs/occupancy"), o => o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
            .WithAutomaticReconnect(policy);
        builder.Services.AddSingleton<IHubProtocol>(new CloseAwareProtocol(policy));
        var hub = builder.Build();
        hub.On<string, JsonElement>("changed", (_, snapshot) => seen(snapshot));
        hub.Reconnected += async _ =>
        {
            policy.ServerClosed = false;
            try
            {
                seen(await hub.InvokeAsync<JsonElement>("Watch", topic));
            }
            catch (Exception)
            {
                // Not current then: the caller's wait reports this watcher as late.
            }
        };
        return hub;
    }
}
