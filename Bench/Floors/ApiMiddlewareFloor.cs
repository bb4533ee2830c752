using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Occupancy.Api.Access;
using Occupancy.Api.Apis;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Screens;
using Occupancy.Grains;
using Occupancy.Grains.Sessions;

namespace Occupancy.Bench.Floors;

/// <summary>
/// The rush's second floor: the same fixed 409 <c>full</c> answer, behind the Api's own request handling, registered by
/// the Api's own code (<see cref="ApiServices.AddOccupancyRequestHandling"/>: JSON, problem details, JWT bearer with the
/// system's signing key from <c>DATA_DIR/auth/signing-key</c>, the access policies, the rate limits with the bench's
/// <c>RateLimits__*</c> settings, CORS) and its middleware in the order of the Api's Program.cs. The booking route binds
/// the same body and header, passes the same route-id filter and the same authorization policy; then, instead of calling
/// the cluster, it answers full. So the distance from this floor to the system is the cluster and the store.
/// The reads scenario gives it the bodies the Api answered (<see cref="FixedBodies"/>): then the facility GET and the
/// session listing bind and check their route id and query as the Api's do and answer those bytes.
/// </summary>
internal static class ApiMiddlewareFloor
{
    public static async Task Run(int port)
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddOccupancyRequestHandling();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodeProblems();
        app.UseBodySizeLimit();
        app.UseCrossOrigin();
        app.UseOccupancyAuthentication();
        app.UseScreens();
        app.UseRateLimits();
        app.UseApiReferenceAccess();

        app.MapGet("/ready", () => TypedResults.Ok());
        if (await FixedBodies.FromEnvironmentAsync() is { } bodies)
        {
            app.MapGet("/api/facilities/{facilityId}", (string facilityId) => bodies.Answer)
                .AddEndpointFilter<RouteIdFilter>();
            app.MapGet("/api/sessions", (string? siteId, string? facilityId, string? from, string? to) =>
                siteId is not null && !Ids.IsValid(siteId) ? ProblemResponses.InvalidId("siteId")
                : facilityId is not null && !Ids.IsValid(facilityId) ? ProblemResponses.InvalidId("facilityId")
                : bodies.Answer);
        }
        var session = app.MapGroup("/api/sessions/{sessionId}").AddEndpointFilter<RouteIdFilter>();
        session.MapPut("", (string sessionId, SessionDefinition definition) => TypedResults.Ok()).RequireAuthorization(AccessPolicies.Staff);
        session.MapPost("/bookings", (string sessionId, BookingRequest request, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey) =>
                ProblemResponses.For(ProblemCodes.Full, "The session and its waitlist are full."))
            .RequireAuthorization(AccessPolicies.SignedIn);
        app.MapPut("/api/members/{memberId}", (string memberId) => TypedResults.Ok())
            .AddEndpointFilter<RouteIdFilter>()
            .RequireAuthorization(AccessPolicies.SignedIn);
        await app.RunAsync();
    }
}
