namespace Occupancy.Grains.Alerts;

/// <summary>
/// A member's consent to absence alerts as GET /api/members/{id}/absence-watch answers it. <see cref="Watching"/>
/// is false once withdrawn (or never given); <see cref="AwayUntil"/> pauses alerts up to and including that date.
/// </summary>
[GenerateSerializer, Immutable, Alias("AbsenceWatchView")]
public sealed record AbsenceWatchView(
    [property: Id(0)] string MemberId,
    [property: Id(1)] bool Watching,
    [property: Id(2)] Consent? Consent,
    [property: Id(3)] DateOnly? AwayUntil,
    [property: Id(4)] DateTimeOffset? WithdrawnAt,
    [property: Id(5)] string? WithdrawnBy,
    [property: Id(6)] long Version,
    [property: Id(7)] DateTimeOffset UpdatedAt)
{
    /// <summary>Opted in and not paused on the local <paramref name="date"/>: the rule that decides whether the member can be expected.</summary>
    public bool WatchedOn(DateOnly date) => Watching && (AwayUntil is not { } away || date > away);
}
