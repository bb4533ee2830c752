using Orleans.Configuration;
using Orleans.Versions.Compatibility;
using Orleans.Versions.Selector;

namespace Occupancy.Silo.Hosting;

/// <summary>
/// Silos of two builds share the cluster while a roll replaces them one at a time (scripts/upgrade.sh,
/// docs/upgrades.md). A grain interface that gains a method raises its <c>[Version]</c>: a call from an older caller
/// may be served by an activation of either build (backward compatible); a call that needs the newer version moves
/// an older activation to a silo of the newer build. Set here, not left to Orleans' defaults, because the roll
/// depends on exactly these two.
/// </summary>
public static class RollingUpgrades
{
    public static ISiloBuilder UseRollingUpgrades(this ISiloBuilder silo) =>
        silo.Configure<GrainVersioningOptions>(o =>
        {
            o.DefaultCompatibilityStrategy = nameof(BackwardCompatible);
            o.DefaultVersionSelectorStrategy = nameof(AllCompatibleVersions);
        });
}
