using Npgsql;

namespace Occupancy.BenchPeer;

/// <summary>The body of <c>PUT /api/members/{id}</c>: the name; the Api's other fields are ignored.</summary>
internal sealed record MemberBody(string? Name);

internal sealed record MemberAnswer(string Id, string Name);

/// <summary>Members exist so that a booking names someone real (a foreign key); the peer keeps no member rules.</summary>
internal static class PeerMembers
{
    private const string Upsert = """
        INSERT INTO members (id, name) VALUES ($1, $2)
        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name
        RETURNING xmax = 0
        """;

    public static async Task<IResult> Put(string id, MemberBody body, NpgsqlDataSource db)
    {
        if (!PeerIds.IsValid(id)) return PeerProblems.InvalidId("memberId");
        var name = string.IsNullOrWhiteSpace(body.Name) ? id : body.Name.Trim();
        if (name.Length > 100) return PeerProblems.Invalid("name", "name is at most 100 characters.");
        await using var command = db.CreateCommand(Upsert);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        var created = (bool)(await command.ExecuteScalarAsync())!;
        var answer = new MemberAnswer(id, name);
        return created ? TypedResults.Created($"/api/members/{id}", answer) : TypedResults.Ok(answer);
    }
}
