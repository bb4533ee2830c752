using Microsoft.Extensions.Options;
using Occupancy.Api.Access;
using Occupancy.Api.Apis;
using Occupancy.Api.ClusterDashboard;
using Occupancy.Api.Hosting;
using Occupancy.Api.Live;
using Occupancy.Api.Problems;
using Occupancy.Api.Screens;
using Occupancy.Api.Telemetry;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddOccupancyApi();
builder.AddOccupancyTracing();
builder.AddOccupancyMetrics();
builder.AddCheckin();

var app = builder.Build();
app.UseSecurityHeaders();
// A stopping node takes no new hub connections: the clients it told to reconnect go elsewhere or try again shortly.
app.Use((context, next) =>
    context.Request.Path.StartsWithSegments("/hubs") && context.RequestServices.GetRequiredService<ClosingHubLifetimeManager>().Stopping
        ? Results.Problem(statusCode: 503, title: "This node is stopping.").ExecuteAsync(context)
        : next(context));
app.UseExceptionHandler();
app.UseStatusCodeProblems();
app.UseBodySizeLimit();
app.UseCrossOrigin();
app.UseOccupancyAuthentication();
app.UseScreens();
app.UseRateLimits();
app.UseApiReferenceAccess();

// Only the one document there is: other names (in the path, or as ?documentName=) would be a text/plain 404 from the
// OpenAPI endpoint rather than a problem.
app.MapOpenApi("/openapi/{documentName:regex(^v1$)}.json");
app.MapScalarApiReference();
app.MapHealthApi();
app.MapSitesApi();
app.MapStatsApi();
app.MapFacilitiesApi();
app.MapCanteensApi();
app.MapForecastsApi();
app.MapSessionsApi();
app.MapMembersApi();
app.MapVisitsApi();
app.MapAlertsApi();
app.MapNoticesApi();
app.MapCheckinApi();
var authMode = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode;
app.MapAuthApi(authMode, demoCatalog: app.Configuration.GetValue("Catalog:SeedDemo", true));
app.MapAdminApi(authMode);
app.MapResidentCardsApi(authMode);
app.MapAuditApi();
#if OCCUPANCY_UPGRADE_DRILL
app.MapUpgradeDrillApi();
#endif
// Stateful reconnect: a client that asks for it (withStatefulReconnect) gets back its connection, with the pushes sent
// while it was away, when a short network blip ends within the hub's buffer.
app.MapHub<OccupancyHub>("/hubs/occupancy", o => o.AllowStatefulReconnects = true);
app.MapScreens();
app.MapClusterDashboard();
app.MapOccupancyMetrics();

app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
