using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Occupancy.Silo.Hosting;
using Orleans.Configuration;

namespace Occupancy.Grains.Tests.Cluster;

/// <summary>"Silo:Membership:*" reaches Orleans' membership and directory options; its defaults are the ones the README lists.</summary>
public sealed class MembershipSettingsTests
{
    [Fact]
    public void Without_settings_a_silo_gets_the_tuned_defaults()
    {
        var (membership, directory) = Options(new Dictionary<string, string?>());

        Assert.Equal(TimeSpan.FromSeconds(2), membership.ProbeTimeout);
        Assert.Equal(3, membership.NumMissedProbesLimit);
        Assert.Equal(2, membership.NumVotesForDeathDeclaration);
        Assert.Equal(TimeSpan.FromSeconds(30), membership.DeathVoteExpirationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.TableRefreshTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.IAmAliveTablePublishTimeout);
        Assert.Equal(TimeSpan.FromDays(1), membership.DefunctSiloExpiration);
        Assert.Equal(TimeSpan.FromSeconds(10), directory.RangeLeaseDuration);
    }

    [Fact]
    public void Each_setting_can_be_overridden_from_configuration()
    {
        var (membership, directory) = Options(new Dictionary<string, string?>
        {
            ["Silo:Membership:ProbeTimeout"] = "00:00:05",
            ["Silo:Membership:NumMissedProbesLimit"] = "4",
            ["Silo:Membership:NumVotesForDeathDeclaration"] = "1",
            ["Silo:Membership:DeathVoteExpirationTimeout"] = "00:02:00",
            ["Silo:Membership:TableRefreshTimeout"] = "00:01:00",
            ["Silo:Membership:IAmAliveTablePublishTimeout"] = "00:00:30",
            ["Silo:Membership:DefunctSiloExpiration"] = "7.00:00:00",
            ["Silo:Membership:DirectoryLeaseAfterCrash"] = "00:00:30",
        });

        Assert.Equal(TimeSpan.FromSeconds(5), membership.ProbeTimeout);
        Assert.Equal(4, membership.NumMissedProbesLimit);
        Assert.Equal(1, membership.NumVotesForDeathDeclaration);
        Assert.Equal(TimeSpan.FromMinutes(2), membership.DeathVoteExpirationTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), membership.TableRefreshTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), membership.IAmAliveTablePublishTimeout);
        Assert.Equal(TimeSpan.FromDays(7), membership.DefunctSiloExpiration);
        Assert.Equal(TimeSpan.FromSeconds(30), directory.RangeLeaseDuration);
    }

    /// <summary>The options a silo built with these settings would run with (the host is built, never started).</summary>
    private static (ClusterMembershipOptions Membership, GrainDirectoryOptions Directory) Options(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.UseOccupancyMembership(builder.Configuration.GetSection("Silo:Membership")));
        using var host = builder.Build();
        return (host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value,
            host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value);
    }
}
