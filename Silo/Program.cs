using Occupancy.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddOccupancySilo();
builder.BoundSiloShutdown();

var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "healthy" }));
app.Run();
