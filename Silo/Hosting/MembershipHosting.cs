using Orleans.Configuration;

namespace Occupancy.Silo.Hosting;

public static class MembershipHosting
{
    /// <summary>Applies "Silo:Membership" (or its defaults) to membership and the grain directory.</summary>
    public static ISiloBuilder UseOccupancyMembership(this ISiloBuilder silo, IConfiguration section)
    {
        var settings = section.Get<MembershipSettings>() ?? new MembershipSettings();
        silo.Configure<ClusterMembershipOptions>(settings.Apply);
        silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = settings.DirectoryLeaseAfterCrash);
        return silo;
    }
}
