using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Occupancy.Api.Access;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Access;

/// <summary>
/// The Api as a resource server of an OpenID Connect authority (a small one served by this test over HTTP): it accepts
/// the authority's tokens with the configured claim names, and has no key, no sign-in and no token minting of its own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OidcModeTests(ApiFixture api) : IAsyncLifetime
{
    private const string Audience = "occupancy-api";

    private readonly RsaSecurityKey _authorityKey = new(RSA.Create(2048)) { KeyId = "authority-key" };
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"occupancy-oidc-{Guid.NewGuid():N}");
    private WebApplication _authority = null!;
    private string _issuer = null!;
    private WebApplicationFactory<Program> _node = null!;

    public async Task InitializeAsync()
    {
        _authority = await StartAuthority();
        _node = api.StartNode().WithWebHostBuilder(web =>
        {
            web.UseSetting("Auth:Mode", "Oidc");
            web.UseSetting("Auth:DataDir", _dataDir);
            web.UseSetting("Auth:Oidc:Authority", _issuer);
            web.UseSetting("Auth:Oidc:Audience", Audience);
            web.UseSetting("Auth:Oidc:RequireHttpsMetadata", "false");
            web.UseSetting("Auth:Oidc:RoleClaim", "roles");
            web.UseSetting("Auth:Oidc:SitesClaim", "sites");
            web.UseSetting("Auth:Oidc:MemberClaim", "member_id");
        });
        _ = _node.Server; // start it
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _authority.DisposeAsync();
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task The_authority_staff_token_is_accepted_with_the_configured_claim_names()
    {
        var token = AuthorityToken("alice@provider", new Dictionary<string, object> { ["roles"] = "staff", ["sites"] = new[] { "binjiang", "mingzhu" } });

        var me = await ApiFixture.Read(await Get("/api/auth/me", token), 200);

        Assert.Equal(("staff", "alice@provider"), (me.GetProperty("role").GetString(), me.GetProperty("subject").GetString()));
        Assert.Equal(["binjiang", "mingzhu"], me.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_resident_is_linked_to_a_member_by_the_configured_claim()
    {
        var token = AuthorityToken("resident-77", new Dictionary<string, object> { ["roles"] = "resident", ["member_id"] = "m-1024" });

        var me = await ApiFixture.Read(await Get("/api/auth/me", token), 200);

        Assert.Equal(("resident", "m-1024"), (me.GetProperty("role").GetString(), me.GetProperty("memberId").GetString()));
    }

    [Fact]
    public async Task An_embedded_style_token_or_one_for_another_audience_is_401()
    {
        var embedded = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.TokenIssuer,
            Audience = AuthOptions.TokenAudience,
            Subject = new ClaimsIdentity([new Claim("sub", "local-admin"), new Claim("role", "admin")]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)) { KeyId = "embedded" }, SecurityAlgorithms.HmacSha256),
        });
        var otherAudience = AuthorityToken("alice@provider", new Dictionary<string, object> { ["roles"] = "admin" }, audience: "someone-else");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("/api/auth/me", embedded)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("/api/auth/me", otherAudience)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("/api/auth/me", api.TokenFor(Grains.Access.Actor.Admin("local-admin")))).StatusCode);
    }

    [Fact]
    public async Task There_is_no_embedded_key_no_sign_in_and_no_token_minting()
    {
        var admin = AuthorityToken("root@provider", new Dictionary<string, object> { ["roles"] = "admin" });
        await ApiFixture.Read(await Get("/api/auth/me", admin), 200);
        var client = _node.CreateClient();

        Assert.Null(_node.Services.GetService<TokenIssuer>());
        Assert.Null(_node.Services.GetService<SigningKey>());
        Assert.False(File.Exists(Path.Combine(_dataDir, "auth", SigningKey.FileName)), "Oidc mode wrote a signing key.");
        foreach (var (path, body) in new (string, object)[]
        {
            ("/api/auth/staff", new { username = "admin", password = "demo-admin-2026" }),
            ("/api/auth/resident", new { cardNumber = "10241024", pin = "2468" }),
            ("/api/auth/device", new { deviceId = "dev-0011223344556677", secret = "x" }),
            ("/api/auth/demo/resident-m-1024", new { }),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync(path, body)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/auth/demo")).StatusCode);
        using var refresh = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", admin) } };
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(refresh)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/api/admin/staff", admin)).StatusCode);
    }

    private async Task<HttpResponseMessage> Get(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _node.CreateClient().SendAsync(request);
    }

    private string AuthorityToken(string subject, IDictionary<string, object> claims, string audience = Audience)
    {
        var all = new Dictionary<string, object>(claims) { ["sub"] = subject };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = audience,
            Claims = all,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(_authorityKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The authority's discovery document and signing keys, on a loopback port over plain HTTP.</summary>
    private async Task<WebApplication> StartAuthority()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_authorityKey.Rsa.ExportParameters(false)) { KeyId = _authorityKey.KeyId });
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuer,
            ["jwks_uri"] = $"{_issuer}/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/keys", () => Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } }));
        await app.StartAsync();
        _issuer = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return app;
    }
}
