namespace Occupancy.Grains.Alerts;

/// <summary>
/// The body of PUT /api/members/{id}/absence-watch: opts the member in (or keeps them in) and sets or clears a pause.
/// <see cref="AwayUntil"/> pauses the watch up to and including that local date; <see cref="Note"/> records how consent
/// was given when staff record it (for example "signed the form at the desk").
/// </summary>
[GenerateSerializer, Immutable, Alias("AbsenceWatchRequest")]
public sealed record AbsenceWatchRequest(
    [property: Id(0)] DateOnly? AwayUntil = null,
    [property: Id(1)] string? Note = null)
{
    public const int MaxNote = 200;

    public Problem? Validate()
    {
        if (AwayUntil == default(DateOnly)) return Problem.Invalid("awayUntil", "awayUntil is a date (YYYY-MM-DD).");
        if (Note is { Length: > MaxNote }) return Problem.Invalid("note", $"note has at most {MaxNote} characters.");
        return null;
    }
}
