namespace Occupancy.Grains.Alerts;

/// <summary>What staff found when they followed an absence alert up.</summary>
public enum AlertOutcome
{
    ReachedByPhone,
    Visited,
    Away,
    FalseAlarm,
}
