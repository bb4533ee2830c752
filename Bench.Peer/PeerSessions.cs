using Npgsql;

namespace Occupancy.BenchPeer;

/// <summary>The body of <c>PUT /api/sessions/{id}</c>: only the sizes; the Api's other fields are ignored.</summary>
internal sealed record SessionBody(int? Capacity, int? WaitlistCapacity);

internal sealed record SessionAnswer(string Id, int Capacity, int Booked, int Available, int WaitlistCapacity, int Waitlisted, DateTimeOffset UpdatedAt);

/// <summary>Sessions: created or resized by PUT (never below what is booked), read by GET.</summary>
internal static class PeerSessions
{
    private const int Largest = 100_000;

    // A resize below what is already booked or waitlisted updates nothing and returns no row.
    private const string Upsert = """
        INSERT INTO sessions (id, capacity, waitlist_capacity) VALUES ($1, $2, $3)
        ON CONFLICT (id) DO UPDATE SET capacity = EXCLUDED.capacity, waitlist_capacity = EXCLUDED.waitlist_capacity, updated_at = now()
            WHERE sessions.booked <= EXCLUDED.capacity AND sessions.waitlisted <= EXCLUDED.waitlist_capacity
        RETURNING xmax = 0, capacity, booked, waitlist_capacity, waitlisted, updated_at
        """;

    private const string Select = "SELECT true, capacity, booked, waitlist_capacity, waitlisted, updated_at FROM sessions WHERE id = $1";

    public static async Task<IResult> Put(string id, SessionBody body, NpgsqlDataSource db)
    {
        if (!PeerIds.IsValid(id)) return PeerProblems.InvalidId("sessionId");
        if (body.Capacity is not (>= 1 and <= Largest)) return PeerProblems.Invalid("capacity", $"capacity is 1 to {Largest}.");
        if (body.WaitlistCapacity is not (>= 0 and <= Largest)) return PeerProblems.Invalid("waitlistCapacity", $"waitlistCapacity is 0 to {Largest}.");
        await using var command = db.CreateCommand(Upsert);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = body.Capacity.Value });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = body.WaitlistCapacity.Value });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return PeerProblems.For(409, "invalid-state", "The session holds more bookings than the new capacity.");
        var (created, answer) = Read(id, reader);
        return created ? TypedResults.Created($"/api/sessions/{id}", answer) : TypedResults.Ok(answer);
    }

    public static async Task<IResult> Get(string id, NpgsqlDataSource db)
    {
        if (!PeerIds.IsValid(id)) return PeerProblems.InvalidId("sessionId");
        await using var command = db.CreateCommand(Select);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? TypedResults.Ok(Read(id, reader).Answer) : PeerProblems.NotFound($"Session '{id}'");
    }

    private static (bool Created, SessionAnswer Answer) Read(string id, NpgsqlDataReader row)
    {
        var capacity = row.GetInt32(1);
        var booked = row.GetInt32(2);
        return (row.GetBoolean(0), new SessionAnswer(id, capacity, booked, capacity - booked, row.GetInt32(3), row.GetInt32(4),
            row.GetFieldValue<DateTimeOffset>(5)));
    }
}
