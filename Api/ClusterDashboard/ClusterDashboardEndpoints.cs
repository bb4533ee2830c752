using System.Globalization;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Grains;
using Orleans.Dashboard;

namespace Occupancy.Api.ClusterDashboard;

/// <summary>
/// The Orleans dashboard (Microsoft.Orleans.Dashboard) hosted in the Api at <c>/admin/cluster/</c>, for administrators
/// only. The package supports a client host: the Api's cluster client serves the page and its data views, which ask the
/// dashboard's grains in the silos (each silo adds the dashboard too). An admin's bearer token opens it; a browser gets
/// there from the administration page through <see cref="DashboardCookie"/>.
/// </summary>
internal static class ClusterDashboardEndpoints
{
    public const string Address = "/admin/cluster";

    public static WebApplicationBuilder AddClusterDashboard(this WebApplicationBuilder builder)
    {
        // The live log view would stream this node's log to the page: off (and refused by the guard as well).
        builder.UseOrleansClient(client => client.AddDashboard(o => o.HideTrace = true));
        return builder;
    }

    public static IEndpointRouteBuilder MapClusterDashboard(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapOrleansDashboard(Address);
        dashboard.RequireAuthorization(AccessPolicies.Admin)
            .AddEndpointFilter(DashboardGuard.Filter)
            .ExcludeFromDescription();

        dashboard.MapPost("/session", IResult (HttpContext http) =>
        {
            // The cookie never authorizes a POST: an admin here presented the header.
            if (DashboardCookie.PresentedToken(http.Request) is not { } token)
                return ProblemResponses.For(ProblemCodes.Unauthenticated, "Send the admin's bearer token in the Authorization header.");
            var expiresAt = long.TryParse(http.User.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp)
                ? DateTimeOffset.FromUnixTimeSeconds(exp)
                : DateTimeOffset.UtcNow.AddMinutes(15);
            DashboardCookie.Issue(http, token, expiresAt);
            return TypedResults.Ok(new { address = $"{http.Request.PathBase}{Address}/", expiresAt });
        });

        // Anyone may drop the cookie (signing out of the administration page does).
        dashboard.MapDelete("/session", (HttpContext http) =>
        {
            DashboardCookie.Clear(http);
            return TypedResults.NoContent();
        }).AllowAnonymous();
        return app;
    }
}
