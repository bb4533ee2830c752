using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Access;

[Collection(ApiCollection.Name)]
public sealed class SignInTests(ApiFixture api)
{
    private const string Password = "correct horse battery";

    private static string NewUsername() => $"desk.{Guid.NewGuid():N}"[..20];

    private async Task CreateStaff(string username, string role = "staff", params string[] sites) =>
        await api.PutJson($"/api/admin/staff/{username}", new { name = "前台小李", role, sites, password = Password }, 201);

    private async Task<JsonElement> Post(string path, object? body, int status, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ApiFixture.Json) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await ApiFixture.Read(await api.Anonymous.SendAsync(request), status);
    }

    private async Task<JsonElement> Me(string token, int status = 200)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await ApiFixture.Read(await api.Anonymous.SendAsync(request), status);
    }

    [Theory]
    [InlineData("/api/auth/staff", "{\"username\":\"Not A Name\",\"password\":\"whatever-it-is\"}")]
    [InlineData("/api/auth/resident", "{\"cardNumber\":\"12ab\",\"pin\":\"x\"}")]
    [InlineData("/api/auth/device", "{\"deviceId\":\"../x\",\"secret\":\"s\"}")]
    public async Task Credentials_of_the_wrong_shape_are_401_with_WWW_Authenticate_like_wrong_ones(string path, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await api.Anonymous.PostAsync(path, content);

        var problem = await ApiFixture.Read(response, 401);
        Assert.Equal("unauthenticated", problem.GetProperty("code").GetString());
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Staff_sign_in_with_a_password_and_act_as_staff_of_the_account_sites()
    {
        var username = NewUsername();
        await CreateStaff(username, "staff", "binjiang", "mingzhu");

        var answer = await Post("/api/auth/staff", new { username, password = Password }, 200);

        Assert.Equal("staff", answer.GetProperty("role").GetString());
        Assert.Equal(["binjiang", "mingzhu"], answer.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("前台小李", answer.GetProperty("name").GetString());
        Assert.True(answer.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(10));
        var me = await Me(answer.GetProperty("accessToken").GetString()!);
        Assert.Equal((username, "staff"), (me.GetProperty("subject").GetString(), me.GetProperty("role").GetString()));
        Assert.Equal(["binjiang", "mingzhu"], me.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        var listed = await api.GetJson("/api/admin/staff");
        Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("username").GetString() == username);
        Assert.DoesNotContain(Password, listed.ToString());
    }

    [Fact]
    public async Task A_wrong_password_is_401_and_repeated_ones_lock_the_account_with_429_and_Retry_After()
    {
        var username = NewUsername();
        await CreateStaff(username, "staff", "binjiang");

        var wrong = await Post("/api/auth/staff", new { username, password = "not the password" }, 401);
        Assert.Equal("unauthenticated", wrong.GetProperty("code").GetString());
        for (var i = 2; i < CredentialLockout.MaxFailures; i++) await Post("/api/auth/staff", new { username, password = "not the password" }, 401);
        await Post("/api/auth/staff", new { username, password = "not the password" }, 429);

        var response = await api.Anonymous.PostAsJsonAsync("/api/auth/staff", new { username, password = Password }, ApiFixture.Json);
        var locked = await ApiFixture.Read(response, 429);
        Assert.Equal("rate-limited", locked.GetProperty("code").GetString());
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 800, 900);
    }

    [Fact]
    public async Task An_unknown_username_is_the_same_401_as_a_wrong_password()
    {
        var unknown = await Post("/api/auth/staff", new { username = NewUsername(), password = Password }, 401);
        var malformed = await Post("/api/auth/staff", new { username = "Not A Username", password = Password }, 401);

        Assert.Equal("unauthenticated", unknown.GetProperty("code").GetString());
        Assert.Equal(unknown.GetProperty("detail").GetString(), malformed.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_token_refreshes_while_its_account_exists_and_not_after_the_account_is_removed()
    {
        var username = NewUsername();
        await CreateStaff(username, "admin");
        var token = (await Post("/api/auth/staff", new { username, password = Password }, 200)).GetProperty("accessToken").GetString()!;

        var renewed = await Post("/api/auth/refresh", null, 200, token);
        Assert.Equal("admin", renewed.GetProperty("role").GetString());
        Assert.NotEqual(token, renewed.GetProperty("accessToken").GetString());
        await ApiFixture.Read(await api.Http.DeleteAsync($"/api/admin/staff/{username}"), 200);

        var refused = await Post("/api/auth/refresh", null, 401, token);
        Assert.Equal("unauthenticated", refused.GetProperty("code").GetString());
        await Post("/api/auth/staff", new { username, password = Password }, 401);
    }

    [Fact]
    public async Task The_desk_of_the_home_site_assigns_a_card_and_the_resident_signs_in_with_card_and_PIN()
    {
        var site = Catalog.NewId("site");
        var member = Catalog.NewId("m");
        await api.PutJson($"/api/members/{member}", new { name = "杨根有", homeSiteId = site }, 201);
        var desk = api.ClientAs(Actor.StaffOf("desk", site));
        var otherDesk = api.ClientAs(Actor.StaffOf("desk", "elsewhere"));

        var card = await ApiFixture.Read(await desk.PutAsJsonAsync($"/api/members/{member}/pin", new { pin = "2468" }, ApiFixture.Json), 200);
        var forbidden = await ApiFixture.Read(await otherDesk.PutAsJsonAsync($"/api/members/{member}/pin", new { pin = "1357" }, ApiFixture.Json), 403);
        var missing = await ApiFixture.Read(await otherDesk.PutAsJsonAsync($"/api/members/{Catalog.NewId("m")}/pin", new { pin = "1357" }, ApiFixture.Json), 403);
        await ApiFixture.Read(await api.Anonymous.PutAsJsonAsync($"/api/members/{member}/pin", new { pin = "1357" }, ApiFixture.Json), 401);

        var cardNumber = card.GetProperty("cardNumber").GetString()!;
        Assert.Matches("^[0-9]{8}$", cardNumber);
        Assert.Equal(("forbidden", "forbidden"), (forbidden.GetProperty("code").GetString(), missing.GetProperty("code").GetString()));
        await Post("/api/auth/resident", new { cardNumber, pin = "1357" }, 401);
        var resident = await Post("/api/auth/resident", new { cardNumber, pin = "2468" }, 200);
        Assert.Equal(("resident", member, "杨根有"),
            (resident.GetProperty("role").GetString(), resident.GetProperty("memberId").GetString(), resident.GetProperty("name").GetString()));
        var me = await Me(resident.GetProperty("accessToken").GetString()!);
        Assert.Equal(member, me.GetProperty("memberId").GetString());
        await Post("/api/auth/refresh", null, 200, resident.GetProperty("accessToken").GetString());
    }

    [Fact]
    public async Task A_device_exchanges_its_secret_shown_once_until_it_is_revoked()
    {
        var created = await api.PostJson("/api/admin/devices", new { name = "健身房闸机", facilityId = "fuming-gym" }, 201);
        var deviceId = created.GetProperty("deviceId").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;
        var listed = (await api.GetJson("/api/admin/devices")).EnumerateArray().Single(d => d.GetProperty("deviceId").GetString() == deviceId);
        Assert.DoesNotContain(secret, listed.ToString());
        Assert.False(listed.TryGetProperty("secret", out _));

        var exchanged = await Post("/api/auth/device", new { deviceId, secret }, 200);
        var token = exchanged.GetProperty("accessToken").GetString()!;
        var me = await Me(token);
        Assert.Equal(("device", deviceId, "fuming-gym"),
            (me.GetProperty("role").GetString(), me.GetProperty("subject").GetString(), me.GetProperty("facilityId").GetString()));
        await Post("/api/auth/device", new { deviceId, secret = secret + "x" }, 401);

        await ApiFixture.Read(await api.Http.DeleteAsync($"/api/admin/devices/{deviceId}"), 200);

        await Post("/api/auth/device", new { deviceId, secret }, 401);
        await Post("/api/auth/refresh", null, 401, token);
        var revoked = (await api.GetJson("/api/admin/devices")).EnumerateArray().Single(d => d.GetProperty("deviceId").GetString() == deviceId);
        Assert.Equal(JsonValueKind.String, revoked.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Administration_is_for_admins_only()
    {
        var staff = api.ClientAs(Actor.StaffOf("desk", "binjiang"));

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/admin/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/admin/devices", new { name = "x", siteId = "binjiang" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous.GetAsync("/api/admin/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous.PostAsync("/api/auth/refresh", null)).StatusCode);
    }

    [Fact]
    public async Task New_accounts_need_a_password_of_at_least_ten_characters()
    {
        var shortPassword = await api.PutJson($"/api/admin/staff/{NewUsername()}", new { name = "x", role = "staff", sites = new[] { "binjiang" }, password = "short" }, 400);
        var noPassword = await api.PutJson($"/api/admin/staff/{NewUsername()}", new { name = "x", role = "staff", sites = new[] { "binjiang" } }, 400);
        var badName = await api.PutJson("/api/admin/staff/Bad%20Name", new { name = "x", role = "admin", password = Password }, 400);

        Assert.Equal("invalid-request", shortPassword.GetProperty("code").GetString());
        Assert.Equal("invalid-request", noPassword.GetProperty("code").GetString());
        Assert.Equal("invalid-id", badName.GetProperty("code").GetString());
    }
}
