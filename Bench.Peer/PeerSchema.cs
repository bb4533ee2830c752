using Npgsql;

namespace Occupancy.BenchPeer;

/// <summary>
/// The peer's tables. The constraints carry the rules a booking must keep even under concurrency: seats and
/// waitlist places never beyond their capacities, one booking per member and session, one waiter per position.
/// </summary>
internal static class PeerSchema
{
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS sessions (
            id text PRIMARY KEY,
            capacity int NOT NULL CHECK (capacity >= 1),
            waitlist_capacity int NOT NULL CHECK (waitlist_capacity >= 0),
            booked int NOT NULL DEFAULT 0,
            waitlisted int NOT NULL DEFAULT 0,
            updated_at timestamptz NOT NULL DEFAULT now(),
            CHECK (booked BETWEEN 0 AND capacity),
            CHECK (waitlisted BETWEEN 0 AND waitlist_capacity));
        CREATE TABLE IF NOT EXISTS members (
            id text PRIMARY KEY,
            name text NOT NULL);
        CREATE TABLE IF NOT EXISTS bookings (
            id uuid PRIMARY KEY,
            session_id text NOT NULL REFERENCES sessions (id),
            member_id text NOT NULL CONSTRAINT booking_member REFERENCES members (id),
            status text NOT NULL CHECK (status IN ('confirmed', 'waitlisted')),
            waitlist_position int CHECK ((status = 'waitlisted') = (waitlist_position IS NOT NULL)),
            booked_by text NOT NULL,
            created_at timestamptz NOT NULL,
            CONSTRAINT one_booking_per_member UNIQUE (session_id, member_id),
            CONSTRAINT one_waiter_per_position UNIQUE (session_id, waitlist_position));
        CREATE TABLE IF NOT EXISTS idempotency_keys (
            key text PRIMARY KEY,
            session_id text NOT NULL,
            member_id text NOT NULL,
            booking_id uuid,
            body text,
            created_at timestamptz NOT NULL DEFAULT now());
        """;

    /// <summary>Creates the tables if missing; two peers starting at once take turns (an advisory lock).</summary>
    public static async Task EnsureAsync(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockSchema = new NpgsqlCommand("SELECT pg_advisory_xact_lock(20261202)", connection, transaction))
            await lockSchema.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand(Tables, connection, transaction))
            await create.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
