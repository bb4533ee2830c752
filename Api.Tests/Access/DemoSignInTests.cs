using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Accounts;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Members;

namespace Occupancy.Api.Tests.Access;

/// <summary>The demo shortcuts answer on the machine itself only, and only where the demo catalog is loaded.</summary>
[Collection(ApiCollection.Name)]
public sealed class DemoSignInTests(ApiFixture api) : IAsyncLifetime
{
    private const string RemoteAddressHeader = "X-Test-Remote-Address";

    private WebApplicationFactory<Program> _node = null!;

    public async Task InitializeAsync()
    {
        // The demo catalog as the silo seeds it (the test cluster does not load it).
        var catalog = DemoCatalog.Load();
        var grains = api.Cluster.Client;
        await grains.GetGrain<IMemberGrain>("m-1024").DefineIfAbsent(MemberProfile.FromCatalog(catalog.Members.Single(m => m.Id == "m-1024")));
        var card = catalog.ResidentCardsOrEmpty.Single(c => c.MemberId == "m-1024");
        await grains.GetGrain<IMemberCardGrain>(card.MemberId).SeedIfAbsent(card.CardNumber, card.Pin);
        var desk = catalog.StaffOrEmpty.Single(s => s.Username == "binjiang.desk");
        await grains.GetGrain<IStaffAccountGrain>(desk.Username).DefineIfAbsent(desk.ToDefinition());
        _node = WithRemoteAddressFromHeader(api.StartNode());
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_loopback_visitor_lists_the_demo_identities_and_takes_one_with_a_click()
    {
        var client = Client(_node, "127.0.0.1");

        var identities = await ApiFixture.Read(await client.GetAsync("/api/auth/demo"), 200);
        var resident = await ApiFixture.Read(await client.PostAsync("/api/auth/demo/resident-m-1024", null), 200);
        var staff = await ApiFixture.Read(await client.PostAsync("/api/auth/demo/staff-binjiang.desk", null), 200);

        Assert.Contains(identities.EnumerateArray(), i => i.GetProperty("id").GetString() == "resident-m-1024"
            && i.GetProperty("role").GetString() == "resident" && i.GetProperty("label").GetString() == "杨根有 (m-1024)");
        Assert.Equal(("resident", "m-1024"), (resident.GetProperty("role").GetString(), resident.GetProperty("memberId").GetString()));
        Assert.Equal(["binjiang"], staff.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        // The documented card and PIN work too.
        var signedIn = await ApiFixture.Read(await client.PostAsJsonAsync("/api/auth/resident", new { cardNumber = "10241024", pin = "2468" }), 200);
        Assert.Equal("m-1024", signedIn.GetProperty("memberId").GetString());
    }

    [Theory]
    [InlineData("192.168.1.20")]
    [InlineData("")]
    public async Task Another_machine_gets_404_from_the_demo_shortcuts(string address)
    {
        var client = Client(_node, address);

        var list = await client.GetAsync("/api/auth/demo");
        var take = await client.PostAsync("/api/auth/demo/resident-m-1024", null);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (list.StatusCode, take.StatusCode));
        Assert.Equal("not-found", (await ApiFixture.Read(take, 404)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Without_the_demo_catalog_the_shortcuts_do_not_exist()
    {
        await using var node = WithRemoteAddressFromHeader(api.StartNode().WithWebHostBuilder(web => web.UseSetting("Catalog:SeedDemo", "false")));
        var client = Client(node, "127.0.0.1");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/auth/demo")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/auth/demo/resident-m-1024", null)).StatusCode);
    }

    [Fact]
    public async Task An_identity_not_in_the_demo_catalog_is_404()
    {
        var client = Client(_node, "127.0.0.1");

        var response = await client.PostAsync("/api/auth/demo/staff-not-a-demo-account", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpClient Client(WebApplicationFactory<Program> node, string address)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Add(RemoteAddressHeader, address);
        return client;
    }

    /// <summary>The test server has no real peer: the test says which address the request comes from (empty: none).</summary>
    private static WebApplicationFactory<Program> WithRemoteAddressFromHeader(WebApplicationFactory<Program> node) =>
        node.WithWebHostBuilder(web => web.ConfigureServices(services => services.AddSingleton<IStartupFilter, RemoteAddressFromHeader>()));

    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(RemoteAddressHeader, out var value))
                    context.Connection.RemoteIpAddress = IPAddress.TryParse(value.ToString(), out var address) ? address : null;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
