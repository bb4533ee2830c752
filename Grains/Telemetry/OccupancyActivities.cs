using System.Diagnostics;

namespace Occupancy.Grains.Telemetry;

/// <summary>The project's own spans (group-commit writes), beside those of Orleans, ASP.NET Core and the Azure SDK.</summary>
public static class OccupancyActivities
{
    public const string SourceName = "Occupancy";

    /// <summary>The name of a group-commit write's span.</summary>
    public const string GroupCommitWrite = "group-commit write";

    /// <summary>How many requests' changes a group-commit write carries (each also a link).</summary>
    public const string CarriedRequests = "occupancy.group_commit.requests";

    internal static readonly ActivitySource Source = new(SourceName);
}
