using System.Text.RegularExpressions;

namespace Occupancy.Grains.Telemetry;

/// <summary>
/// What a span may say. A grain's key is shown only for grains keyed by a place or a schedule (sites, facilities,
/// canteens, sessions and what is keyed by them); every other grain (members, cards, phone index, staff accounts,
/// devices, Orleans' own) is named by its type alone, since a member grain's key is the member id and others' keys
/// are usernames or hashes of card and phone numbers. A URL keeps its scheme, host and path up to the first
/// parenthesis (Azure Table addresses a row as <c>Table(PartitionKey='…',RowKey='…')</c>, and the partition key holds
/// the grain id), never its query (the hub's <c>access_token</c>, a phone look-up's number).
/// </summary>
public static partial class TracePrivacy
{
    /// <summary>What replaces a hidden grain key.</summary>
    public const string Hidden = "*";

    /// <summary>Grain types whose keys are places, schedules or shards, never a person (Orleans names a grain type after its class).</summary>
    private static readonly HashSet<string> PublicKeyedTypes = new(StringComparer.Ordinal)
    {
        "site", "facility", "canteen", "session", "sessionledger", "schedule", "sessioncalendar", "sessiondaylisting",
        "siteday", "sitestats", "sitedirectory", "sessionfinder", "storeprobe",
    };

    /// <summary>A grain id as "type/key"; a key of any type but those keyed by places becomes <see cref="Hidden"/>.</summary>
    public static string GrainId(string grainId)
    {
        var slash = grainId.IndexOf('/');
        if (slash < 0) return grainId;
        var type = grainId[..slash];
        return PublicKeyedTypes.Contains(type) ? grainId : $"{type}/{Hidden}";
    }

    /// <summary>A hub topic as logs may name it: a member's topic without the member id.</summary>
    public static string Topic(string topic) =>
        topic.StartsWith("member:", StringComparison.Ordinal) ? $"member:{Hidden}" : topic;

    /// <summary>Every grain id named in free text (exception messages, Orleans' addresses) as <see cref="GrainId"/> shows it.</summary>
    public static string Text(string text) =>
        text.Contains('/') ? GrainIdInText().Replace(text, m => GrainId(m.Value)) : text;

    /// <summary>A URL with no query, no fragment and no Azure Table row address; a relative one keeps only its path.</summary>
    public static string Url(string url)
    {
        var end = url.IndexOfAny(['?', '#', '(']);
        return Text(end < 0 ? url : url[..end]);
    }

    // A lower-case type (dots and dashes allowed, as in Orleans' system types) then a key, not inside a path or URL.
    [GeneratedRegex(@"(?<![\w./:%-])[a-z][a-z0-9.\-]*/[^\s,;'""\]\)\[(]+", RegexOptions.CultureInvariant)]
    private static partial Regex GrainIdInText();
}
