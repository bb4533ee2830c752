using Occupancy.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddOccupancySilo();
builder.AddOccupancySiloHealth();
builder.BoundSiloShutdown();

var app = builder.Build();
app.MapOccupancySiloHealth();
app.Run();
