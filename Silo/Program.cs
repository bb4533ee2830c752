using Occupancy.Silo.Hosting;
using Occupancy.Silo.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddOccupancySilo();
builder.AddOccupancySiloHealth();
builder.AddOccupancyTracing();
builder.AddOccupancyMetrics();
builder.BoundSiloShutdown();

var app = builder.Build();
app.MapOccupancySiloHealth();
app.MapOccupancyMetrics();
app.Run();
