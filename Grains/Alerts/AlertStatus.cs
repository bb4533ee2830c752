namespace Occupancy.Grains.Alerts;

/// <summary>Where an absence alert stands: open until staff acknowledge it; escalated once left open too long.</summary>
public enum AlertStatus
{
    Open,

    /// <summary>Unacknowledged after the set time: raised again to the site's other staff; still open.</summary>
    Escalated,

    /// <summary>Acknowledged with an outcome.</summary>
    Closed,
}
