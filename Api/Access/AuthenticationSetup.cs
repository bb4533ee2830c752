using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Occupancy.Api.ClusterDashboard;
using Occupancy.Api.Problems;
using Occupancy.Grains;

namespace Occupancy.Api.Access;

/// <summary>
/// JWT bearer authentication in either mode. Embedded: tokens signed with the data directory's key, minted by
/// <see cref="TokenIssuer"/>. Oidc: tokens of the configured authority, and nothing here can mint one.
/// 401 and 403 answer problem+json like every other error; 401 carries <c>WWW-Authenticate</c>.
/// </summary>
internal static class AuthenticationSetup
{
    public const string HubPath = "/hubs";

    public static WebApplicationBuilder AddOccupancyAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(AuthOptions.Section);
        services.Configure<AuthOptions>(section);
        var auth = section.Get<AuthOptions>() ?? new AuthOptions();

        services.AddSingleton(auth.Mode == AuthMode.Oidc
            ? new ClaimNames(auth.Oidc.RoleClaim, auth.Oidc.SitesClaim, auth.Oidc.MemberClaim)
            : new ClaimNames());
        if (auth.Mode == AuthMode.Embedded)
        {
            services.AddSingleton<SigningKey>();
            services.AddSingleton<TokenIssuer>();
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((jwt, provider) => Configure(jwt, auth, provider));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, IServiceProvider provider)
    {
        // Claim names arrive as the token has them (role, site, member), not remapped to .NET's long URIs.
        jwt.MapInboundClaims = false;
        if (auth.Mode == AuthMode.Oidc)
        {
            jwt.Authority = auth.Oidc.Authority ?? throw new InvalidOperationException("Auth:Mode is Oidc but Auth:Oidc:Authority is not set.");
            jwt.Audience = auth.Oidc.Audience;
            jwt.RequireHttpsMetadata = auth.Oidc.RequireHttpsMetadata;
            jwt.TokenValidationParameters.ValidateAudience = auth.Oidc.Audience is not null;
            jwt.TokenValidationParameters.RoleClaimType = auth.Oidc.RoleClaim;
        }
        else
        {
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = AuthOptions.TokenIssuer,
                ValidAudience = AuthOptions.TokenAudience,
                IssuerSigningKey = provider.GetRequiredService<SigningKey>().Key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                RoleClaimType = ActorClaims.Role,
                NameClaimType = ActorClaims.Subject,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        }
        jwt.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on WebSockets: the hub takes the token from access_token.
            OnMessageReceived = context =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments(HubPath)
                    && context.Request.Query["access_token"] is { Count: 1 } token)
                {
                    context.Token = token[0];
                }
                // Nor on a navigation: the cluster dashboard's reads take the admin's token from its cookie.
                context.Token ??= DashboardCookie.TokenFrom(context.Request);
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var error = context.AuthenticateFailure is null ? "" : ", error=\"invalid_token\"";
                context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"occupancy\"{error}";
                var detail = context.AuthenticateFailure is null
                    ? "Sign in: this needs a bearer token."
                    : "The bearer token is expired, malformed or not ours: sign in again.";
                await ProblemResponses.For(ProblemCodes.Unauthenticated, detail).ExecuteAsync(context.HttpContext);
            },
            OnForbidden = async context =>
                await ProblemResponses.For(ProblemCodes.Forbidden, "Your role does not allow this.").ExecuteAsync(context.HttpContext),
        };
    }

    /// <summary>
    /// Authentication and authorization placed after the problem middleware, so their 401/403 are problems too.
    /// A request that presents a bad token is 401 everywhere, also on public routes: the client learns to sign in again
    /// rather than silently reading as anonymous.
    /// </summary>
    public static IApplicationBuilder UseOccupancyAuthentication(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        // Not async when the answer is at hand (the usual case): a hub connection's request stays in the pipeline for
        // as long as the connection does, holding the state machine of each async middleware it passed.
        app.Use((context, next) =>
        {
            // The middleware keeps only successful results; ask again (the handler answers from its per-request cache).
            var authenticating = context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            return authenticating.IsCompletedSuccessfully
                ? ChallengeOrContinue(context, next, authenticating.Result)
                : AuthenticatedLater(context, next, authenticating);
        });
        app.UseAuthorization();
        return app;
    }

    /// <summary>A request that presents a bad token is challenged (401); any other goes on.</summary>
    private static Task ChallengeOrContinue(HttpContext context, RequestDelegate next, AuthenticateResult result) =>
        result.Failure is not null ? context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme) : next(context);

    private static async Task AuthenticatedLater(HttpContext context, RequestDelegate next, Task<AuthenticateResult> authenticating) =>
        await ChallengeOrContinue(context, next, await authenticating);
}
