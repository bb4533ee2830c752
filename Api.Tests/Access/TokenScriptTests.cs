using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Access;

/// <summary>scripts/token.sh run as a developer would, against the fixture's data directory, and the token used.</summary>
[Collection(ApiCollection.Name)]
public sealed class TokenScriptTests(ApiFixture api)
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public async Task A_staff_token_from_the_script_writes_in_its_site_and_is_refused_elsewhere()
    {
        var site = Catalog.NewId("site");
        var member = Catalog.NewId("m");
        var elsewhere = Catalog.NewId("m");
        await api.PutJson($"/api/members/{member}", new { name = "杨根有", homeSiteId = site }, 201);
        await api.PutJson($"/api/members/{elsewhere}", new { name = "王丽", homeSiteId = "mingzhu" }, 201);
        var client = ClientWith(await Script(api.DataDir, "--role", "staff", "--site", site, "--site", "lingxiao"));

        var me = await ApiFixture.Read(await client.GetAsync("/api/auth/me"), 200);
        await ApiFixture.Read(await client.PutAsJsonAsync($"/api/members/{member}/pin", new { pin = "2468" }), 200);
        var refused = await ApiFixture.Read(await client.PutAsJsonAsync($"/api/members/{elsewhere}/pin", new { pin = "2468" }), 403);

        Assert.Equal([site, "lingxiao"], me.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("forbidden", refused.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("resident", "memberId", "m-1024", "--member", "m-1024")]
    [InlineData("device", "facilityId", "fuming-gym", "--facility", "fuming-gym")]
    [InlineData("device", "canteenId", "binjiang-canteen", "--canteen", "binjiang-canteen")]
    public async Task Every_role_of_the_script_is_the_actor_it_names(string role, string field, string value, params string[] options)
    {
        var client = ClientWith(await Script(api.DataDir, ["--role", role, .. options]));

        var me = await ApiFixture.Read(await client.GetAsync("/api/auth/me"), 200);

        Assert.Equal((role, value), (me.GetProperty("role").GetString(), me.GetProperty(field).GetString()));
    }

    [Fact]
    public async Task An_admin_token_from_the_script_administers()
    {
        var client = ClientWith(await Script(api.DataDir, "--role", "admin", "--lifetime", "2m"));

        await ApiFixture.Read(await client.GetAsync("/api/admin/staff"), 200);
    }

    [Fact]
    public async Task A_token_made_with_another_key_file_is_401()
    {
        var otherDataDir = Path.Combine(Path.GetTempPath(), $"occupancy-other-key-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(otherDataDir, "auth"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(otherDataDir, "auth", "signing-key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
            var client = ClientWith(await Script(otherDataDir, "--role", "admin"));

            var response = await client.GetAsync("/api/auth/me");

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("unauthenticated", (await ApiFixture.Read(response, 401)).GetProperty("code").GetString());
        }
        finally
        {
            Directory.Delete(otherDataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Where_the_system_never_started_the_script_says_so()
    {
        var (code, _, error) = await Run(Path.Combine(Path.GetTempPath(), $"occupancy-never-started-{Guid.NewGuid():N}"), "--role", "admin");

        Assert.NotEqual(0, code);
        Assert.Contains("the system has never started here: run ./run.sh first", error);
    }

    [Fact]
    public async Task A_staff_token_needs_a_site()
    {
        var (code, output, error) = await Run(api.DataDir, "--role", "staff");

        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        Assert.Contains("--site", error);
    }

    private HttpClient ClientWith(string token)
    {
        var client = api.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> Script(string dataDir, params string[] arguments)
    {
        var (code, output, error) = await Run(dataDir, arguments);
        Assert.True(code == 0, $"token.sh failed ({code}): {error}");
        return output.Trim();
    }

    private static async Task<(int Code, string Output, string Error)> Run(string dataDir, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "token.sh"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DATA_DIR"] = dataDir;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "token.sh"))) return dir.FullName;
        }
        throw new InvalidOperationException("scripts/token.sh was not found above the test assembly.");
    }
}
