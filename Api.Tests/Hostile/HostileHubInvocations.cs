using System.Text;
using System.Text.Json;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>
/// One hub invocation through the SignalR client. <see cref="Poisoned"/>: the server must answer an error;
/// <see cref="MayClose"/>: the message is over the hub's size limit, so the server may close the connection instead.
/// </summary>
internal sealed record HubInvocation(int Index, string Method, object?[] Arguments, bool Poisoned, bool MayClose, string Label)
{
    public string Describe(int seed)
    {
        var arguments = JsonSerializer.Serialize(Arguments);
        return $"seed {seed} hub invocation #{Index} {HostileRequest.Visible(HostileRequest.Shorten(Method, 60))}({HostileRequest.Visible(HostileRequest.Shorten(arguments, 200))}) [{Label}]";
    }
}

/// <summary>One frame written straight onto the hub's WebSocket, below anything the SignalR client would send.</summary>
internal sealed record RawHubFrame(int Index, byte[] Bytes, bool Binary, bool AsHandshake, string Label)
{
    public string Describe(int seed) =>
        $"seed {seed} raw hub frame #{Index} [{Label}] {Bytes.Length} bytes: {HostileRequest.Visible(HostileRequest.Shorten(Encoding.UTF8.GetString(Bytes, 0, Math.Min(400, Bytes.Length)), 200))}";
}

/// <summary>Hostile hub invocations: unknown methods, wrong argument counts and kinds, bad and huge topics, too many topics.</summary>
internal sealed class HostileHubInvocations(int seed, KnownEntities known, IReadOnlyList<string> unknownIds)
{
    public const string NoSuchMethod = "no such method";

    /// <summary>The hub's default limit on one incoming message.</summary>
    public const int MaxMessageBytes = 32 * 1024;

    private static readonly string[] Kinds = ["facility", "canteen", "site", "session", "member"];

    private static readonly string[] NotMethods =
    [
        " ", "Watch ", " Watch", "Watch\u0000", "Wаtch", "WatchMany2", "Unwatch\u200B", "OnConnectedAsync", "OnDisconnectedAsync", "Dispose",
        "GetType", "ToString", "Equals", "GetHashCode", "Finalize", "MemberwiseClone", "get_Context", "set_Context", "Context", "Clients", "Groups",
        "..", "Watch;Unwatch", "../Watch", "changed", "Changed", "ping", "__proto__", "constructor", "杨根有", "\u202EhctaW",
    ];

    public IReadOnlyList<string> KnownTopics =>
        [$"facility:{known.Gym}", $"facility:{known.Court}", $"canteen:{known.Canteen}", $"site:{known.Site}", $"session:{known.Session}"];

    public HubInvocation Create(int index)
    {
        var random = HostileRequestGenerator.RandomFor(seed ^ 0x5A5A5A5A, index);
        switch (random.Next(14))
        {
            case 0:
                {
                    var name = random.Next(3) == 0 ? "x" + HostileValues.RandomText(random, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789", 1 + random.Next(100)) : HostileValues.Pick(random, NotMethods);
                    return new(index, name, RandomArguments(random), true, false, NoSuchMethod);
                }
            case 1:
                {
                    var method = HostileValues.Pick(random, "Watch", "WatchMany", "Unwatch");
                    var count = HostileValues.Pick(random, 0, 2, 3, 7);
                    return new(index, method, Enumerable.Range(0, count).Select(_ => (object?)Topic(random)).ToArray(), true, false, $"{count} arguments");
                }
            case 2: return new(index, "Watch", [WrongKind(random)], true, false, "a topic of the wrong kind");
            case 3:
            case 4: return new(index, "Watch", [BadTopic(random)], true, false, "a bad topic");
            case 5:
                {
                    var length = random.Next(3) == 0 ? MaxMessageBytes + random.Next(200_000) : 100 + random.Next(MaxMessageBytes - 1000);
                    var topic = HostileValues.Pick(random, Kinds) + ":" + HostileValues.RandomText(random, "abcdefghijklmnopqrstuvwxyz0123456789-", length);
                    var method = HostileValues.Pick(random, "Watch", "Unwatch");
                    // Unwatching what was never watched is allowed to succeed; watching an id that long never is.
                    var tooLarge = OverLimit([topic]);
                    return new(index, method, [topic], method == "Watch", tooLarge, tooLarge ? "a topic over the message size limit" : "a topic of 100 to 32K characters");
                }
            case 6:
                {
                    var count = 201 + random.Next(3000);
                    var topics = Enumerable.Range(0, count).Select(i => i % 7 == 0 ? BadTopic(random) : KnownTopics[i % KnownTopics.Count]).ToArray();
                    var tooLarge = OverLimit([topics]);
                    return new(index, "WatchMany", [topics], true, tooLarge, tooLarge ? "over 200 topics, over the message size limit" : "over 200 topics");
                }
            case 7:
                return new(index, "WatchMany", [HostileValues.Pick<object?>(random, "facility:x", 42, new[] { 1, 2 }, new[] { new[] { "a" } }, new { topics = 1 }, null, true, new object?[] { null })],
                    true, false, "WatchMany of the wrong kind");
            case 8:
                {
                    var topics = KnownTopics.OrderBy(_ => random.Next()).Take(1 + random.Next(KnownTopics.Count)).Append(BadTopic(random)).OrderBy(_ => random.Next()).ToArray();
                    return new(index, "WatchMany", [topics], true, false, "WatchMany with one bad topic");
                }
            case 9:
                {
                    var topics = Enumerable.Range(0, 1 + random.Next(60)).Select(i => $"{HostileValues.Pick(random, Kinds)}:ghost-{seed}-{random.Next(1000)}").ToArray();
                    return new(index, "WatchMany", [topics], true, false, "WatchMany of unknown ids");
                }
            case 10: return new(index, "Unwatch", [HostileValues.Pick<object?>(random, 42, null, new[] { "a" }, true, new { a = 1 })], true, false, "Unwatch of the wrong kind");
            case 11: return new(index, "Unwatch", [random.Next(2) == 0 ? BadTopic(random) : HostileValues.Pick(random, KnownTopics.ToArray())], false, false, "Unwatch of a topic never watched");
            case 12: return new(index, HostileValues.Pick(random, "Watch", "watch", "WATCH"), [HostileValues.Pick(random, KnownTopics.ToArray())], false, false, "Watch of a known topic");
            default: return new(index, "Watch", [$"facility:{unknownIds[random.Next(unknownIds.Count)]}"], true, false, "Watch of an unknown id");
        }
    }

    /// <summary>Frames no SignalR client sends: not JSON, too deep, wrong field kinds, unknown message types, over the size limit.</summary>
    public RawHubFrame CreateRaw(int index)
    {
        var random = HostileRequestGenerator.RandomFor(seed ^ 0x0F0F0F0F, index);
        const char end = '\u001e';
        string Invocation(string arguments, string target = "\"Watch\"") => $"{{\"type\":1,\"invocationId\":\"h\",\"target\":{target},\"arguments\":{arguments}}}{end}";
        switch (random.Next(16))
        {
            case 0:
                {
                    var bytes = HostileValues.RandomBytes(random, 1 + random.Next(2000));
                    bytes[0] = (byte)'#';
                    return new(index, [.. bytes, 0x1e], random.Next(4) == 0, false, "random bytes");
                }
            case 1: return Text(index, Invocation("[" + new string('[', 10_000) + new string(']', 10_000) + "]"), "arguments 10,000 deep");
            case 2: return Text(index, Invocation("[\"x\"]", HostileValues.Pick(random, "42", "null", "[]", "{}", "\"\"")), "a target of the wrong kind");
            case 3: return Text(index, Invocation(HostileValues.Pick(random, "\"x\"", "42", "{}", "null", "[[]]", "[{}]")), "arguments of the wrong kind");
            case 4: return Text(index, Invocation($"[\"facility:\\uD800{known.Gym}\"]"), "an escaped lone surrogate in a topic");
            case 5:
                {
                    var before = Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"h\",\"target\":\"Watch\",\"arguments\":[\"facility:");
                    var after = Encoding.UTF8.GetBytes($"\"]}}{end}");
                    return new(index, [.. before, 0xED, 0xA0, 0x80, 0xFF, .. after], false, false, "invalid UTF-8 in a topic");
                }
            case 6: return Text(index, HostileValues.Pick(random, "{\"type\":99}", "{\"type\":\"1\"}", "{}", "[]", "null", "{\"type\":1}", "{\"type\":-1,\"x\":1}", "{\"type\":1.5}") + end, "a message of no known shape");
            case 7: return Text(index, $"{{\"type\":1,\"invocationId\":\"{new string('i', 10_000)}\",\"target\":\"Watch\",\"arguments\":[\"pool:x\"]}}{end}", "a 10,000-character invocation id");
            case 8: return Text(index, $"{{\"type\":4,\"invocationId\":\"h\",\"target\":\"Watch\",\"arguments\":[\"facility:{known.Gym}\"]}}{end}", "a streaming invocation of a plain method");
            case 9: return Text(index, HostileValues.Pick(random, "{\"type\":5,\"invocationId\":\"nope\"}", "{\"type\":3,\"invocationId\":\"h\",\"result\":1}", "{\"type\":2,\"invocationId\":\"h\",\"item\":1}") + end, "a message only a server sends, or for nothing");
            case 10: return Text(index, $"{{\"type\":1,\"invocationId\":\"h\",\"target\":\"Watch\",\"arguments\":[\"x\"],\"streamIds\":[\"s1\",\"s2\"]}}{end}", "stream ids the method does not take");
            case 11: return Text(index, Invocation("[\"" + new string('x', MaxMessageBytes + random.Next(100_000)) + "\"]"), "a message over the size limit");
            case 12: return Text(index, "{\"protocol\":\"json\",\"version\":1}" + end, "a second handshake");
            case 13: return Text(index, new string(end, 1 + random.Next(50)), "empty messages");
            case 14: return Text(index, "{\"type\":1,\"invocationId\":\"h\",\"target\":\"Watch\",\"arguments\":[\"x\"]}", "a message without its terminator");
            default:
                return new(index, Encoding.UTF8.GetBytes(HostileValues.Pick(random, "{\"protocol\":\"msgpack\",\"version\":1}", "{\"protocol\":\"json\",\"version\":99}",
                    "{\"protocol\":\"json\"}", "not json", "{\"protocol\":42,\"version\":\"x\"}", "{\"protocol\":\"json\",\"version\":1,\"extra\":" + new string('[', 5000)) + end), false, true, "a bad handshake");
        }
    }

    private static RawHubFrame Text(int index, string text, string label) => new(index, Encoding.UTF8.GetBytes(text), false, false, label);

    private string Topic(Random random) => random.Next(2) == 0 ? HostileValues.Pick(random, KnownTopics.ToArray()) : BadTopic(random);

    /// <summary>A topic the hub must refuse: no kind, an unknown kind, an id no rule accepts, odd characters.</summary>
    public string BadTopic(Random random)
    {
        var kind = HostileValues.Pick(random, Kinds);
        var id = HostileValues.Pick(random, known.Gym, known.Canteen, known.Site);
        return random.Next(5) switch
        {
            0 => HostileValues.Pick(random, "", ":", "facility", "facility:", ":" + id, $"{kind}:a:b", $"{kind.ToUpperInvariant()}:{id}", $"{kind} :{id}", $" {kind}:{id}",
                $"{kind}:{id} ", $"pool:{id}", "member:", $"__proto__:{id}", $"toString:{id}", $"{kind}\u0000:{id}", $"{kind}:{id},canteen:{id}", $"{kind}:*"),
            1 => $"{kind}:{Unencodable(HostileValues.HostileId(random, id).Decoded)}",
            2 => $"{kind}:{id}{HostileValues.Pick(random, "\n", "\t", "\u200B", "\u202E", "\u0301", "\u0000", "%00", "/..")}",
            3 => $"{kind}:{new string('a', 65 + random.Next(1000))}",
            _ => Unencodable(HostileValues.OddText(random)) + ":" + id,
        };
    }

    /// <summary>
    /// The SignalR client cannot write lone surrogate halves (the raw frames send those): they are replaced, by
    /// something that keeps the id invalid.
    /// </summary>
    private static string Unencodable(string id) =>
        new string(id.Select(c => char.IsSurrogate(c) ? '!' : c).ToArray()) is var text && Grains.Ids.IsValid(text) ? text + "!" : text;

    private object? WrongKind(Random random) => HostileValues.Pick<object?>(random,
        42, true, 1.5, long.MaxValue, 1e308, new[] { "facility:x" }, new { topic = $"facility:{known.Gym}" }, null, new[] { 1, 2, 3 }, new object?[] { null, null });

    private object?[] RandomArguments(Random random) =>
        Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(2) == 0 ? (object?)Topic(random) : WrongKind(random)).ToArray();

    /// <summary>Whether the invocation, as the client writes it (non-ASCII escaped), comes near the hub's message size limit.</summary>
    private static bool OverLimit(object?[] arguments) => JsonSerializer.SerializeToUtf8Bytes(arguments).Length > MaxMessageBytes - 512;
}
