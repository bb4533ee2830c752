using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Functional;

/// <summary>With every category at Trace, requests carrying a token, a phone number, a PIN or a member id leave none of them in the logs.</summary>
[Collection(ApiCollection.Name)]
public sealed class LogSecretsTests(ApiFixture api)
{
    [Fact]
    public async Task Tokens_phone_numbers_pins_and_member_ids_never_reach_the_logs()
    {
        var logs = new LogCollector();
        await using var node = api.Node(("Logging:LogLevel:Default", "Trace"), ("Logging:LogLevel:Microsoft.AspNetCore", "Trace"))
            .WithWebHostBuilder(web => web.ConfigureServices(services => services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))));
        var http = node.CreateClient();
        var token = api.TokenFor(Actor.ResidentOf("m-secret"));
        var phone = $"137{Random.Shared.Next(10_000_000, 99_999_999)}";
        const string pin = "864209";
        var member = Catalog.NewId("m");
        await api.PutJson($"/api/members/{member}", new { name = "赵敏", phone, ageGroup = "adult", resident = true }, 201);

        await http.GetAsync($"/hubs/occupancy?access_token={token}&id=no-such-connection");
        await http.PostAsync($"/hubs/occupancy/negotiate?negotiateVersion=1&access_token={token}", null);
        await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/members?phone={phone}").As(api, Actor.StaffOf("desk", "fuming")));
        await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/members?phone=%2B86{phone}").As(api, Actor.StaffOf("desk", "fuming")));
        await http.PutAsJsonAsync($"/api/members/{member}/pin", new { pin });
        await http.PostAsJsonAsync("/api/auth/resident", new { cardNumber = "10241024", pin });
        await http.PostAsync($"/api/facilities/{Catalog.NewId("gym")}/entries", new StringContent($"{{\"count\":{pin}x}}", System.Text.Encoding.UTF8, "application/json"));
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/sites");
        bearer.Headers.Authorization = new("Bearer", token);
        await http.SendAsync(bearer);

        var lines = logs.Lines.ToArray();
        Assert.NotEmpty(lines);
        var secrets = new[] { token[^20..], phone, phone[3..], pin, member };
        var leaks = lines.Where(l => secrets.Any(secret => l.Contains(secret, StringComparison.Ordinal))).ToArray();
        Assert.True(leaks.Length == 0, "Secrets in the logs:\n" + string.Join("\n", leaks));
    }
}
