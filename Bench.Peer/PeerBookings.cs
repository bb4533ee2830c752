using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace Occupancy.BenchPeer;

internal sealed record BookingBody(string? MemberId);

/// <summary>The Api's booking body; <see cref="WaitlistPosition"/> only while waitlisted.</summary>
internal sealed record BookingAnswer(
    Guid BookingId,
    string SessionId,
    string MemberId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WaitlistPosition,
    string BookedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// <c>POST /api/sessions/{id}/bookings</c> as one transaction: claim the idempotency key (a replay gets the stored
/// answer; a concurrent repeat waits on the key's row and then gets it too), take a seat with a conditional UPDATE,
/// else the next waitlist place (the session row's lock orders arrivals, so positions are 1…n in arrival order),
/// insert the booking (a second one for the member breaks a unique constraint), store the answer with the key, commit.
/// A refusal rolls everything back, key included: failed requests are not remembered.
/// </summary>
internal static class PeerBookings
{
    public const string IdempotencyHeader = "Idempotency-Key";

    private const string ClaimKey = "INSERT INTO idempotency_keys (key, session_id, member_id) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING";
    private const string StoredAnswer = "SELECT session_id, member_id, booking_id, body FROM idempotency_keys WHERE key = $1";
    private const string TakeSeat = "UPDATE sessions SET booked = booked + 1, updated_at = now() WHERE id = $1 AND booked < capacity RETURNING booked";
    private const string TakeWaitlistPlace =
        "UPDATE sessions SET waitlisted = waitlisted + 1, updated_at = now() WHERE id = $1 AND waitlisted < waitlist_capacity RETURNING waitlisted";
    // Only when no place is left: a member who already holds one hears that rather than "full".
    private const string WhyNoPlace =
        "SELECT EXISTS (SELECT 1 FROM sessions WHERE id = $1), EXISTS (SELECT 1 FROM bookings WHERE session_id = $1 AND member_id = $2)";
    private const string InsertBooking = """
        INSERT INTO bookings (id, session_id, member_id, status, waitlist_position, booked_by, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;
    private const string RememberAnswer = "UPDATE idempotency_keys SET booking_id = $2, body = $3 WHERE key = $1";

    private const string UniqueViolation = "23505", ForeignKeyViolation = "23503";

    public static async Task<IResult> Post(string id, BookingBody body, HttpContext http, NpgsqlDataSource db)
    {
        if (!PeerIds.IsValid(id)) return PeerProblems.InvalidId("sessionId");
        if (!PeerIds.IsValid(body.MemberId)) return PeerProblems.InvalidId("memberId");
        var memberId = body.MemberId!;
        if (!TryKey(http.Request.Headers[IdempotencyHeader].ToString(), out var key))
            return PeerProblems.Invalid(IdempotencyHeader, "Idempotency-Key is 1 to 64 printable characters.");

        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        if (key is not null)
        {
            await using var claim = Command(connection, transaction, ClaimKey, key, id, memberId);
            if (await claim.ExecuteNonQueryAsync() == 0) return await ReplayAsync(connection, transaction, key, id, memberId);
        }

        string status;
        int? position = null;
        await using (var seat = Command(connection, transaction, TakeSeat, id))
        {
            status = await seat.ExecuteScalarAsync() is null ? "" : "confirmed";
        }

        if (status == "")
        {
            await using var place = Command(connection, transaction, TakeWaitlistPlace, id);
            position = (int?)await place.ExecuteScalarAsync();
            if (position is null)
            {
                await using var why = Command(connection, transaction, WhyNoPlace, id, memberId);
                await using var reader = await why.ExecuteReaderAsync();
                await reader.ReadAsync();
                var (known, alreadyBooked) = (reader.GetBoolean(0), reader.GetBoolean(1));
                await reader.DisposeAsync();
                await transaction.RollbackAsync();
                return !known ? PeerProblems.NotFound($"Session '{id}'")
                    : alreadyBooked ? AlreadyBooked(memberId)
                    : PeerProblems.For(409, "full", "Every seat and waitlist place is taken.");
            }

            status = "waitlisted";
        }

        var now = DateTimeOffset.UtcNow;
        var answer = new BookingAnswer(Guid.CreateVersion7(now), id, memberId, status, position, memberId, now, now);
        var json = JsonSerializer.Serialize(answer, JsonSerializerOptions.Web);
        // The booking and the remembered answer go in one round trip.
        await using var batch = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand(InsertBooking);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = answer.BookingId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = memberId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)position ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = answer.BookedBy });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        batch.BatchCommands.Add(insert);
        if (key is not null)
        {
            var remember = new NpgsqlBatchCommand(RememberAnswer);
            remember.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            remember.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = answer.BookingId });
            remember.Parameters.Add(new NpgsqlParameter<string> { TypedValue = json });
            batch.BatchCommands.Add(remember);
        }

        try
        {
            await batch.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState is UniqueViolation && e.ConstraintName == "one_booking_per_member")
        {
            await transaction.RollbackAsync();
            return AlreadyBooked(memberId);
        }
        catch (PostgresException e) when (e.SqlState is ForeignKeyViolation && e.ConstraintName == "booking_member")
        {
            await transaction.RollbackAsync();
            return PeerProblems.NotFound($"Member '{memberId}'");
        }

        await transaction.CommitAsync();
        return new CreatedJson(Location(id, answer.BookingId), json);
    }

    /// <summary>The key was used before: the same request gets the stored answer, another one 422.</summary>
    private static async Task<IResult> ReplayAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, string id, string memberId)
    {
        await using var stored = Command(connection, transaction, StoredAnswer, key);
        await using var reader = await stored.ExecuteReaderAsync();
        await reader.ReadAsync();
        var sameRequest = reader.GetString(0) == id && reader.GetString(1) == memberId;
        var bookingId = reader.IsDBNull(2) ? (Guid?)null : reader.GetGuid(2);
        var body = reader.IsDBNull(3) ? null : reader.GetString(3);
        await reader.DisposeAsync();
        await transaction.RollbackAsync();
        if (!sameRequest || bookingId is null || body is null)
            return PeerProblems.For(422, "idempotency-key-reused", "The Idempotency-Key was used before with a different request.");
        return new CreatedJson(Location(id, bookingId.Value), body);
    }

    private static IResult AlreadyBooked(string memberId) =>
        PeerProblems.For(409, "already-booked", $"Member '{memberId}' already has a booking for this session.");

    private static string Location(string sessionId, Guid bookingId) => $"/api/sessions/{sessionId}/bookings/{bookingId}";

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params string[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        return command;
    }

    /// <summary>1–64 printable characters, quoted or bare, as the Api takes it; none is no key.</summary>
    private static bool TryKey(string header, out string? key)
    {
        key = null;
        if (header.Length == 0) return true;
        var bare = header.Length >= 2 && header[0] == '"' && header[^1] == '"' ? header[1..^1] : header;
        if (bare.Length is 0 or > 64 || bare.Any(c => c is < '!' or > '~')) return false;
        key = bare;
        return true;
    }

    /// <summary>201 with Location and a JSON body already serialized (the stored one on a replay, byte for byte).</summary>
    private sealed class CreatedJson(string location, string json) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = location;
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(json);
        }
    }
}
