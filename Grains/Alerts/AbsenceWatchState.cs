namespace Occupancy.Grains.Alerts;

[GenerateSerializer, Alias("AbsenceWatchState")]
public sealed class AbsenceWatchState
{
    [Id(0)] public bool Watching { get; set; }
    [Id(1)] public Consent? Consent { get; set; }
    [Id(2)] public DateOnly? AwayUntil { get; set; }
    [Id(3)] public DateTimeOffset? WithdrawnAt { get; set; }
    [Id(4)] public string? WithdrawnBy { get; set; }
    [Id(5)] public long Version { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The member's alerts as the sites raised and closed them, newest last (bounded), for the family's history.</summary>
    [Id(7)] public List<AbsenceAlert> Alerts { get; set; } = [];
}
