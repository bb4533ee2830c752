namespace Occupancy.Grains.Alerts;

/// <summary>Settings of absence alerts (section <c>AbsenceAlerts</c>).</summary>
public sealed class AbsenceAlertOptions
{
    public const string Section = "AbsenceAlerts";

    /// <summary>A senior is a regular of a meal after this many visits …</summary>
    public int RegularVisits { get; set; } = 3;

    /// <summary>… on the last this many same weekdays.</summary>
    public int RegularWeeks { get; set; } = 4;

    /// <summary>An alert left unacknowledged this long is raised again to the site's other staff.</summary>
    public TimeSpan ReRaiseAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a site's alerts grain wakes (a durable reminder) to run the checks that fell due.</summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A check missed (the cluster was down) still runs when it fell due at most this long ago.</summary>
    public TimeSpan CatchUp { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Closed alerts are kept this long.</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromDays(90);
}
