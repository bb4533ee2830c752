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

app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthApi();
app.MapSitesApi();
app.MapStatsApi();
app.MapFacilitiesApi();
app.MapCanteensApi();
app.MapSessionsApi();
app.MapMembersApi();
app.MapAuditApi();
app.MapHub<OccupancyHub>("/hubs/occupancy");
app.MapScreens();

app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
