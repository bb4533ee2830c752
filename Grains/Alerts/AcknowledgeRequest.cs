namespace Occupancy.Grains.Alerts;

/// <summary>The body of POST …/alerts/{alertId}/acknowledge: what staff found and a note.</summary>
[GenerateSerializer, Immutable, Alias("AcknowledgeRequest")]
public sealed record AcknowledgeRequest(
    [property: Id(0)] AlertOutcome Outcome,
    [property: Id(1)] string? Note = null)
{
    public const int MaxNote = 500;

    public Problem? Validate()
    {
        if (!Enum.IsDefined(Outcome)) return Problem.Invalid("outcome", "outcome is reachedByPhone, visited, away or falseAlarm.");
        if (Note is { Length: > MaxNote }) return Problem.Invalid("note", $"note has at most {MaxNote} characters.");
        return null;
    }
}
