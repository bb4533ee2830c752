namespace Occupancy.Grains.Alerts;

/// <summary>How staff closed an alert: the outcome, their note, who and when.</summary>
[GenerateSerializer, Immutable, Alias("Acknowledgement")]
public sealed record Acknowledgement(
    [property: Id(0)] AlertOutcome Outcome,
    [property: Id(1)] string? Note,
    [property: Id(2)] string By,
    [property: Id(3)] DateTimeOffset At);
