using Occupancy.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddOccupancySilo();

var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "healthy" }));
app.Run();
