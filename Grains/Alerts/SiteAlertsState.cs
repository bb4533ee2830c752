namespace Occupancy.Grains.Alerts;

[GenerateSerializer, Alias("SiteAlertsState")]
public sealed class SiteAlertsState
{
    /// <summary>When the checks started: meals that ended before are never checked (no alert about last week on a first start).</summary>
    [Id(0)] public DateTimeOffset? ArmedAt { get; set; }

    [Id(1)] public Dictionary<string, AbsenceAlert> Alerts { get; set; } = [];

    /// <summary>Meal checks done (<see cref="MealCheck.Key"/> → when due), so each runs once.</summary>
    [Id(2)] public Dictionary<string, DateTimeOffset> Checked { get; set; } = [];

    /// <summary>Alerts whose family notice is not yet durable in the member's notices.</summary>
    [Id(3)] public HashSet<string> NoticeDue { get; set; } = [];

    /// <summary>Alerts whose latest version is not yet in the member's history.</summary>
    [Id(4)] public HashSet<string> RecordDue { get; set; } = [];

    [Id(5)] public long Version { get; set; }

    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }
}
