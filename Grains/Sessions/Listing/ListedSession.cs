using System.Text.Json;

namespace Occupancy.Grains.Sessions.Listing;

/// <summary>
/// A session as a day listing shows it: its snapshot and the same snapshot as the contract's JSON (UTF-8, the
/// bytes a session's own GET answers), made once per version so that listing reads write bytes rather than
/// serialise 100+ snapshots on every GET.
/// </summary>
[GenerateSerializer, Immutable, Alias("ListedSession")]
public sealed record ListedSession(
    [property: Id(0)] SessionSnapshot Snapshot,
    [property: Id(1)] byte[] Json)
{
    public static ListedSession Of(SessionSnapshot snapshot) => new(snapshot, JsonSerializer.SerializeToUtf8Bytes(snapshot, OccupancyJson.HttpBody));
}
