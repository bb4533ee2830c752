using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Access;

[Collection(ApiCollection.Name)]
public sealed class HubExpiryTests(ApiFixture api)
{
    [Fact]
    public async Task A_connection_is_closed_when_its_token_expires_and_a_fresh_one_stays_open()
    {
        var (_, gym, _, _) = await Catalog.CreateSite(api);
        await using var brief = Connect(api.TokenFor(Actor.StaffOf("desk", "binjiang"), TimeSpan.FromSeconds(3)));
        await using var lasting = Connect(api.TokenFor(Actor.StaffOf("desk", "binjiang")));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        brief.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await brief.StartAsync();
        await lasting.StartAsync();
        await brief.InvokeAsync<object>("Watch", $"facility:{gym}");

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HubConnectionState.Disconnected, brief.State);
        Assert.Equal(HubConnectionState.Connected, lasting.State);
        await lasting.InvokeAsync<object>("Watch", $"facility:{gym}");
    }

    [Fact]
    public async Task A_token_valid_for_months_connects_like_any_other()
    {
        var (_, gym, _, _) = await Catalog.CreateSite(api);
        await using var hub = Connect(api.TokenFor(Actor.Admin("bench"), TimeSpan.FromDays(90)));

        await hub.StartAsync();

        await hub.InvokeAsync<object>("Watch", $"facility:{gym}");
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    private HubConnection Connect(string token)
    {
        var server = api.Api.Server;
        return new HubConnectionBuilder()
            // As a browser does: WebSockets carry the token in access_token.
            .WithUrl(new Uri(server.BaseAddress, $"/hubs/occupancy?access_token={Uri.EscapeDataString(token)}"), o =>
            {
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.WebSocketFactory = async (context, cancellation) => await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellation);
            })
            .AddJsonProtocol(o => OccupancyJson.Configure(o.PayloadSerializerOptions))
            .Build();
    }
}
