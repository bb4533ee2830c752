using System.Globalization;

namespace Occupancy.Grains.Notices;

/// <summary>
/// A member's notice preferences (the body of PUT /api/members/{id}/notice-preferences). <see cref="Channel"/> null
/// is the default: the own phone when the member has one, else the family. Quiet hours are site-local "HH:mm"; both
/// null turns them off; left out, they are 21:00–08:00.
/// </summary>
[GenerateSerializer, Immutable, Alias("NoticePreferences")]
public sealed record NoticePreferences(
    [property: Id(0)] NoticeChannel? Channel = null,
    [property: Id(1)] string? QuietFrom = NoticePreferences.DefaultQuietFrom,
    [property: Id(2)] string? QuietUntil = NoticePreferences.DefaultQuietUntil)
{
    public const string DefaultQuietFrom = "21:00";
    public const string DefaultQuietUntil = "08:00";

    public static readonly NoticePreferences Default = new();

    public Problem? Validate()
    {
        if (Channel is { } channel && !Enum.IsDefined(channel)) return Problem.Invalid("channel", "channel is ownPhone, family or none.");
        if ((QuietFrom is null) != (QuietUntil is null))
            return Problem.Invalid("quietFrom", "quietFrom and quietUntil are both set (HH:mm) or both null (no quiet hours).");
        if (QuietFrom is not null && !TryTime(QuietFrom, out _)) return Problem.Invalid("quietFrom", "quietFrom is a local time, HH:mm.");
        if (QuietUntil is not null && !TryTime(QuietUntil, out _)) return Problem.Invalid("quietUntil", "quietUntil is a local time, HH:mm.");
        return null;
    }

    /// <summary>The quiet hours, or null when there are none (also when from equals until).</summary>
    public (TimeOnly From, TimeOnly Until)? QuietHours =>
        TryTime(QuietFrom, out var from) && TryTime(QuietUntil, out var until) && from != until ? (from, until) : null;

    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
