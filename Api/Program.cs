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
app.UseExceptionHandler();
app.UseStatusCodeProblems();
app.UseBodySizeLimit();
app.UseOccupancyAuthentication();
app.UseScreens();

app.MapOpenApi();
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
app.MapHub<OccupancyHub>("/hubs/occupancy");
app.MapScreens();

app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
