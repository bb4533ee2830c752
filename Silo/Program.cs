using Occupancy.Silo.Hosting;
using Occupancy.Silo.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddOccupancySilo();
builder.AddOccupancyMetrics();
builder.BoundSiloShutdown();

var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "healthy" }));
app.MapOccupancyMetrics();
app.Run();
