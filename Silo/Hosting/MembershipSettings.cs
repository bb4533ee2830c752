using Orleans.Configuration;

namespace Occupancy.Silo.Hosting;

/// <summary>
/// How fast the cluster notices a dead silo and lets its grains live elsewhere, from the section "Silo:Membership".
/// Orleans' defaults (5 s probes, a 30 s directory lease after a crash) leave a killed silo's grains unreachable
/// for about half a minute; these defaults bring it under 20 s. Shorter is riskier: a silo starved of CPU (a busy
/// two-core host, a long GC) that misses <see cref="NumMissedProbesLimit"/> probes is declared dead and stops itself.
/// </summary>
public sealed class MembershipSettings
{
    /// <summary>Initial timeout of one liveness probe; Orleans adapts it between half and four times this.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo suspects another.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>Suspicions (from different silos, not expired) that declare a silo dead; Orleans caps it by the live silos.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a suspicion counts.</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo re-reads the membership table (gossip usually tells it sooner).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo writes its heartbeat to the membership table (stale entries are found by it).</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Dead silos' rows are removed from the membership table after this long (every restart leaves one).</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// After a crash, the grain directory refuses to place the dead silo's grains elsewhere for this long, counted from
    /// the estimated moment of death, so a silo wrongly thought dead cannot run a grain twice meanwhile.
    /// </summary>
    public TimeSpan DirectoryLeaseAfterCrash { get; set; } = TimeSpan.FromSeconds(10);

    public void Apply(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = ProbeTimeout;
        o.NumMissedProbesLimit = NumMissedProbesLimit;
        o.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        o.DeathVoteExpirationTimeout = DeathVoteExpirationTimeout;
        o.TableRefreshTimeout = TableRefreshTimeout;
        o.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
        o.DefunctSiloExpiration = DefunctSiloExpiration;
    }
}
