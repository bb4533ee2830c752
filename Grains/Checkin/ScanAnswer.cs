using System.Text.Json.Serialization;
using Occupancy.Grains.Canteens;

namespace Occupancy.Grains.Checkin;

/// <summary>
/// What the kiosk shows after a scan: the outcome, whether it was accepted, and only the member's name initial (never
/// a full name or a phone: the screen faces a queue). The session's title and start, or the meal, when there is one.
/// </summary>
[GenerateSerializer, Immutable, Alias("ScanAnswer")]
public sealed record ScanAnswer(
    [property: Id(0)] ScanOutcome Outcome,
    [property: Id(1)] bool Accepted,
    [property: Id(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Initial = null,
    [property: Id(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title = null,
    [property: Id(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TitleEn = null,
    [property: Id(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? StartsAt = null,
    [property: Id(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Meal? Meal = null)
{
    public static ScanAnswer Of(ScanOutcome outcome, string? initial = null) =>
        new(outcome, outcome is ScanOutcome.CheckedIn or ScanOutcome.AlreadyCheckedIn or ScanOutcome.VisitRecorded or ScanOutcome.AlreadyCounted, initial);
}
