using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Occupancy.Api.Tests.Support;

/// <summary>
/// Signs a test request in as the subject named in its <c>X-Test-Subject</c> header (role from <c>X-Test-Role</c>,
/// member from <c>X-Test-Member</c>), for tests about what follows from "who is calling" (budgets, key scopes)
/// rather than about tokens.
/// </summary>
internal sealed class HeaderSubjects(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestSubject";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers["X-Test-Subject"].ToString() is not { Length: > 0 } subject) return Task.FromResult(AuthenticateResult.NoResult());
        var claims = new List<Claim> { new("sub", subject), new("role", Request.Headers["X-Test-Role"].ToString() is { Length: > 0 } role ? role : "staff") };
        if (Request.Headers["X-Test-Member"].ToString() is { Length: > 0 } member) claims.Add(new Claim("member", member));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <summary>An Api node whose requests sign in by header, with extra settings.</summary>
    public static WebApplicationFactory<Program> Node(ApiFixture api, params (string Key, string Value)[] settings) =>
        api.StartNode().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureTestServices(services => services
                .AddAuthentication(o =>
                {
                    o.DefaultScheme = SchemeName;
                    o.DefaultAuthenticateScheme = SchemeName;
                })
                .AddScheme<AuthenticationSchemeOptions, HeaderSubjects>(SchemeName, _ => { }));
        });
}

/// <summary>Names the caller of a request for <see cref="HeaderSubjects"/>.</summary>
internal static class HeaderSubjectRequests
{
    public static HttpRequestMessage As(this HttpRequestMessage request, string subject, string role = "staff", string? member = null)
    {
        request.Headers.Add("X-Test-Subject", subject);
        request.Headers.Add("X-Test-Role", role);
        if (member is not null) request.Headers.Add("X-Test-Member", member);
        return request;
    }
}
