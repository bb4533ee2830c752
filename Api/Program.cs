using Microsoft.Extensions.Options;
using Occupancy.Api.Access;
using Occupancy.Api.Apis;
using Occupancy.Api.Hosting;
using Occupancy.Api.Live;
using Occupancy.Api.Problems;
using Occupancy.Api.Screens;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddOccupancyApi();

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

// Only the one document there is: other names (in the path, or as ?documentName=) would be a text/plain 404 from the
// OpenAPI endpoint rather than a problem.
app.MapOpenApi("/openapi/{documentName:regex(^v1$)}.json");
app.MapScalarApiReference();
app.MapHealthApi();
app.MapSitesApi();
app.MapStatsApi();
app.MapFacilitiesApi();
app.MapCanteensApi();
app.MapSessionsApi();
app.MapMembersApi();
var authMode = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode;
app.MapAuthApi(authMode, demoCatalog: app.Configuration.GetValue("Catalog:SeedDemo", true));
app.MapAdminApi(authMode);
app.MapResidentCardsApi(authMode);
app.MapAuditApi();
// Stateful reconnect: a client that asks for it (withStatefulReconnect) gets back its connection, with the pushes sent
// while it was away, when a short network blip ends within the hub's buffer.
app.MapHub<OccupancyHub>("/hubs/occupancy", o => o.AllowStatefulReconnects = true);
app.MapScreens();

app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
