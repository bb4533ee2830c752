using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Occupancy.BenchPeer;

// The benchmarks' peer: bookings as a user would build them without Orleans, a minimal API over PostgreSQL where each
// booking is one transaction. Same routes and bodies as the Api for what the rush and spread loads send. Bearer tokens
// are accepted and ignored: access rules are not what the peer is compared on (the Api checks them on every request).
// ConnectionStrings:Peer names the database; synchronous_commit comes with it (Options=-c synchronous_commit=off).
var builder = WebApplication.CreateBuilder(args);
// The Api's accept queue (its Server:ListenBacklog, 4096), so a burst of new connections measures the work, not the
// kernel dropping handshakes past Kestrel's default 512.
builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>(o => o.Backlog = 4096);
// A log line per request would cost more than the request: warnings and errors only.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = problem =>
{
    if (problem.ProblemDetails.Status == StatusCodes.Status503ServiceUnavailable)
        problem.ProblemDetails.Extensions["code"] = "storage-unavailable";
});

var connection = new NpgsqlConnectionStringBuilder(builder.Configuration.GetConnectionString("Peer")
    ?? throw new InvalidOperationException("ConnectionStrings:Peer is missing."));
// Pooled connections (Npgsql's default, up to Maximum Pool Size) and statements prepared once per connection: every
// statement here is used on every request, so after two uses it is prepared and later sends skip parsing and planning.
if (connection.MaxAutoPrepare == 0) connection.MaxAutoPrepare = 32;
connection.AutoPrepareMinUsages = 2;
// Nothing here changes a connection's session state, so returning one to the pool need not reset it.
connection.NoResetOnClose = true;
var db = NpgsqlDataSource.Create(connection);
builder.Services.AddSingleton(db);

var app = builder.Build();
// A database that cannot be reached: 503, outcome unknown (retry with the same Idempotency-Key), never a bare 500.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = e => e is NpgsqlException or TimeoutException ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();

await PeerSchema.EnsureAsync(db);

// Ready once the database answers; says which synchronous_commit its connections have, so a bench can check it.
app.MapGet("/ready", async (NpgsqlDataSource source) =>
{
    await using var setting = source.CreateCommand("SHOW synchronous_commit");
    return TypedResults.Ok(new { synchronousCommit = (string?)await setting.ExecuteScalarAsync() });
});
app.MapPut("/api/sessions/{sessionId}", (string sessionId, SessionBody body, NpgsqlDataSource source) => PeerSessions.Put(sessionId, body, source));
app.MapGet("/api/sessions/{sessionId}", (string sessionId, NpgsqlDataSource source) => PeerSessions.Get(sessionId, source));
app.MapPut("/api/members/{memberId}", (string memberId, MemberBody body, NpgsqlDataSource source) => PeerMembers.Put(memberId, body, source));
app.MapPost("/api/sessions/{sessionId}/bookings", (string sessionId, BookingBody body, HttpContext http, NpgsqlDataSource source) =>
    PeerBookings.Post(sessionId, body, http, source));

app.Run();
