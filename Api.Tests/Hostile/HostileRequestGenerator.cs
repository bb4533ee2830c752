using Occupancy.Grains;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>
/// Builds the hostile requests of a run. Request <c>i</c> depends only on the seed, <c>i</c>, the endpoint list and the
/// known ids, so a failure is reproduced by the seed and the index the report prints.
/// <para>
/// Why "versions unchanged" can be asserted: every request to a method that writes carries at least one poison the
/// contract must refuse whatever the rest says — an id route value of a shape no id has, a body that cannot be read into the
/// endpoint's type (the wrong kind in one field, random bytes, depth 10,000, over 64 KB, a media type that is not
/// JSON), a malformed Idempotency-Key on a route that reads one, or a bearer token the Api must refuse. A poisoned
/// request answered 2xx fails the run by itself, and the known entities' versions are compared before and after. The
/// only writes left unpoisoned are those of routes with no route value, no body and no key (nothing here can aim them at
/// an entity). Reads may succeed (odd headers and query strings on a good id are allowed to be ignored); they change
/// nothing, which the same comparison confirms.
/// </para>
/// </summary>
internal sealed class HostileRequestGenerator(int seed, KnownEntities known, IReadOnlyList<string> unknownIds, HostileTokens tokens)
{
    private static readonly string[] OddMethods = ["PATCH", "TRACE", "OPTIONS", "HEAD", "PROPFIND", "DELETE", "PUT", "POST", "GET", "FOO"];
    private static readonly string[] ReadOnlyOddMethods = ["PATCH", "TRACE", "OPTIONS", "HEAD", "PROPFIND", "GET", "FOO"];

    private readonly IReadOnlyDictionary<string, string[]> _knownIds = known.ByRouteValue;

    /// <summary>A request's own random source: the seed and its index, mixed so neighbouring indexes differ widely.</summary>
    public static Random RandomFor(int seed, int index) => new(unchecked((int)(((uint)seed * 2654435761u) ^ ((uint)index * 40503u + 0x9E3779B9u))));

    public HostileRequest Create(int index, ApiEndpoint endpoint, bool withValidToken)
    {
        var random = RandomFor(seed, index);
        var poisons = new List<string>();

        var credential = withValidToken
            ? tokens.Admin
            : tokens.Draw(random, HostileValues.Pick(random, CredentialKind.None, CredentialKind.None, CredentialKind.Refused, CredentialKind.Refused,
                CredentialKind.Refused, CredentialKind.NotBearer, CredentialKind.OddClaims, CredentialKind.OddClaims));
        if (credential.Kind == CredentialKind.Refused) poisons.Add($"refused token ({credential.Label})");

        // Which parts of this request may carry the poison; a write gets at least one of them.
        var canPoison = new List<string>();
        var idValues = endpoint.RouteValues.Where(IsId).ToList();
        if (idValues.Count > 0) canPoison.Add("path");
        if (endpoint.BodyType is not null) canPoison.Add("body");
        if (endpoint.ReadsIdempotencyKey) canPoison.Add("key");
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var mustPoison = endpoint.Writes && poisons.Count == 0;
        if (canPoison.Count > 0 && (mustPoison || random.Next(3) > 0))
        {
            var count = 1 + random.Next(canPoison.Count);
            foreach (var part in canPoison.OrderBy(_ => random.Next()).Take(count)) chosen.Add(part);
        }

        // The address: each route value a known id, an unknown one, or (poisoned) one no rule accepts.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var poisonedValue = chosen.Contains("path") ? idValues[random.Next(idValues.Count)] : null;
        foreach (var name in endpoint.RouteValues)
        {
            if (name == poisonedValue)
            {
                var hostile = HostileValues.HostileId(random, KnownOrUnknown(random, name));
                if (Ids.IsValid(hostile.Decoded)) throw new InvalidOperationException($"The generator made a valid id: {hostile}");
                values[name] = hostile.Encoded;
                poisons.Add($"route value {name}");
            }
            else if (!IsId(name) && random.Next(2) == 0)
            {
                // Not an id (a document name, a user name): hostile text all the same, but nothing says it must be refused.
                values[name] = HostileValues.HostileId(random).Encoded;
            }
            else
            {
                values[name] = Uri.EscapeDataString(KnownOrUnknown(random, name));
            }
        }
        var path = endpoint.Path(values);
        var query = random.Next(2) == 0 ? "?" + HostileValues.OddQuery(random, endpoint.QueryNames) : "";

        var headers = new List<KeyValuePair<string, string>>();
        if (chosen.Contains("key"))
        {
            headers.Add(new(ApiEndpoint.IdempotencyKeyHeader, HostileValues.BadIdempotencyKey(random)));
            poisons.Add("Idempotency-Key");
        }
        else if (random.Next(4) == 0)
        {
            headers.Add(new(ApiEndpoint.IdempotencyKeyHeader, random.Next(2) == 0 ? HostileValues.BadIdempotencyKey(random) : $"hostile-{seed}-{index}"));
        }
        AddOddHeaders(random, headers);

        HostileBody? body = null;
        if (chosen.Contains("body"))
        {
            body = HostileBodies.Draw(random, endpoint.BodyType, IdFor);
            if (body.Poisoned) poisons.Add($"body ({body.Label})");
        }
        else if (random.Next(6) == 0)
        {
            body = HostileBodies.Draw(random, endpoint.BodyType, IdFor);
            if (body.Poisoned) poisons.Add($"body ({body.Label})");
        }

        // Another method on the same path may be a real route (DELETE on a booking's GET): a write method is sent in
        // place of the endpoint's own only when something besides the body is poisoned, since that route may not read one.
        var method = random.Next(20) == 0
            ? HostileValues.Pick(random, poisons.Any(p => !p.StartsWith("body", StringComparison.Ordinal)) ? OddMethods : ReadOnlyOddMethods)
            : endpoint.Method;
        return new HostileRequest(index, endpoint, method, path + query, credential, headers, body, poisons);
    }

    /// <summary>Route values the contract types as ids (<c>siteId</c>, <c>bookingId</c>, a screen's <c>id</c>): any other shape is refused.</summary>
    private static bool IsId(string routeValue) => routeValue.EndsWith("Id", StringComparison.Ordinal) || routeValue == "id";

    /// <summary>
    /// A request whose body has the right JSON kinds throughout (odd values inside), sent as an admin to ids no other
    /// request uses, so it reaches the grain's validation and may succeed without touching the known entities.
    /// </summary>
    public HostileRequest CreateWellTyped(int index, ApiEndpoint endpoint)
    {
        var random = RandomFor(seed, index);
        var scratch = ScratchId(index);
        var values = endpoint.RouteValues.ToDictionary(name => name, name => name == "tableId" ? "t01" : scratch, StringComparer.Ordinal);
        var headers = new List<KeyValuePair<string, string>>();
        if (endpoint.ReadsIdempotencyKey) headers.Add(new(ApiEndpoint.IdempotencyKeyHeader, $"scratch-{index}"));
        var body = HostileBodies.WellTyped(random, endpoint.BodyType!, (r, field) => r.Next(4) == 0 ? HostileValues.HostileId(r).Decoded : ScratchId(index) + (r.Next(2) == 0 ? "" : "-b"));
        return new HostileRequest(index, endpoint, endpoint.Method, endpoint.Path(values), tokens.Admin, headers, body, []);
    }

    /// <summary>Ids only the well-typed requests use: nothing they create can be one of the known entities or the unknown ids.</summary>
    public string ScratchId(int index) => $"scratch-{(uint)seed:x}-{index}";

    private string KnownOrUnknown(Random random, string routeValue) =>
        _knownIds.TryGetValue(routeValue, out var ids) && random.Next(10) < 7
            ? ids[random.Next(ids.Length)]
            : unknownIds[random.Next(unknownIds.Count)];

    /// <summary>An id for a body field named <paramref name="field"/>: known, unknown, or hostile.</summary>
    private string IdFor(Random random, string field) => random.Next(3) switch
    {
        0 => HostileValues.HostileId(random).Decoded,
        1 => unknownIds[random.Next(unknownIds.Count)],
        _ => _knownIds.TryGetValue(field, out var ids) ? ids[random.Next(ids.Length)] : known.Site,
    };

    private static void AddOddHeaders(Random random, List<KeyValuePair<string, string>> headers)
    {
        var count = random.Next(3);
        for (var i = 0; i < count; i++)
        {
            headers.Add(random.Next(12) switch
            {
                0 => new("Accept", HostileValues.Pick(random, "application/xml", "*/*;q=x", "text/html;;;", "\u0001", "application/problem+json;q=0")),
                1 => new("Accept-Language", HostileValues.Pick(random, "zz-ZZ", "*;q=NaN", new string('a', 5000), "zh-CN\u0000")),
                2 => new("If-None-Match", HostileValues.Pick(random, "*", "\"garbage\"", "W/\"", "\u202E")),
                3 => new("If-Modified-Since", HostileValues.Pick(random, "garbage", "Fri, 31 Dec 9999 23:59:59 GMT", "0", "Mon, 32 Foo 2026 99:99:99 GMT")),
                4 => new("Range", HostileValues.Pick(random, "bytes=999999999-", "bytes=-1", "bytes=a-b", "bytes=0-0,0-0,0-0,0-0")),
                5 => new("Cookie", "a=" + HostileValues.OddText(random).Replace("\r", "").Replace("\n", "")),
                6 => new("X-Forwarded-For", HostileValues.Pick(random, "999.999.999.999", "::::", "127.0.0.1, \u0000", new string('1', 3000))),
                7 => new("User-Agent", "\u0007" + HostileValues.OddText(random).Replace("\r", "").Replace("\n", "")),
                8 => new("Content-Encoding", HostileValues.Pick(random, "gzip", "br", "deflate, x")),
                9 => new("Origin", HostileValues.Pick(random, "null", "http://evil.example", "javascript:alert(1)")),
                10 => new("X-HTTP-Method-Override", HostileValues.Pick(random, "DELETE", "PUT")),
                _ => new("X-" + HostileValues.RandomText(random, "abcdefghijklmnopqrstuvwxyz", 1 + random.Next(20)), HostileValues.OddText(random).Replace("\r", "").Replace("\n", "")),
            });
        }
    }
}
