using Occupancy.Grains.Sessions.Listing;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// A session listing as the contract's JSON array (UTF-8), joined from the day listings' JSON of each session: the
/// Api writes it as it is, instead of receiving 100+ snapshots and serialising them again on every GET.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionListingJson")]
public sealed record SessionListingJson([property: Id(0)] byte[] Utf8, [property: Id(1)] int Count)
{
    public static SessionListingJson Of(IReadOnlyList<ListedSession> sessions)
    {
        var length = 2 + Math.Max(0, sessions.Count - 1);
        foreach (var session in sessions) length += session.Json.Length;
        var utf8 = new byte[length];
        utf8[0] = (byte)'[';
        var at = 1;
        for (var i = 0; i < sessions.Count; i++)
        {
            if (i > 0) utf8[at++] = (byte)',';
            sessions[i].Json.CopyTo(utf8, at);
            at += sessions[i].Json.Length;
        }
        utf8[at] = (byte)']';
        return new SessionListingJson(utf8, sessions.Count);
    }
}
