using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Functional;

/// <summary>Admins read back who looked which (masked) number up, and when.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditApiTests(ApiFixture api) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _node = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _node = api.Node();
        _http = _node.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_staff_look_up_is_read_back_by_an_admin_with_the_number_masked()
    {
        var phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}";
        var member = Catalog.NewId("m");
        await api.PutJson($"/api/members/{member}", new { name = "李娜", phone, ageGroup = "adult", resident = true }, 201);
        await ApiFixture.Read(await _http.SendAsync(Get($"/api/members?phone={phone}").As(api, Actor.StaffOf("desk.audit", "fuming"))), 200);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var response = await _http.SendAsync(Get($"/api/admin/audit/phone-lookups?date={today}").As(api, Actor.Admin("root")));
        var text = await response.Content.ReadAsStringAsync();
        var byStaff = await _http.SendAsync(Get($"/api/admin/audit/phone-lookups?date={today}").As(api, Actor.StaffOf("desk.audit", "fuming")));
        var badDate = await _http.SendAsync(Get("/api/admin/audit/phone-lookups?date=yesterday").As(api, Actor.Admin("root")));

        var records = (await ApiFixture.Read(response, 200)).EnumerateArray().ToArray();
        var record = Assert.Single(records, r => r.GetProperty("maskedPhone").GetString() == $"{phone[..3]}****{phone[^4..]}");
        Assert.Equal(("desk.audit", 1), (record.GetProperty("subject").GetString(), record.GetProperty("results").GetInt32()));
        Assert.True(record.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.DoesNotContain(phone, text);
        Assert.Equal("forbidden", (await ApiFixture.Read(byStaff, 403)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
}
