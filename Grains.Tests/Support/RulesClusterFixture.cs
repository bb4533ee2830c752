using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Occupancy.Grains;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// One in-process silo with in-memory grain storage and a domain clock the tests move by hand.
/// Orleans keeps its own real clock; only the domain's opening hours and meal hours read the fake one.
/// </summary>
public sealed class RulesClusterFixture : IAsyncLifetime
{
    /// <summary>Monday 30 November 2026, 08:00 in Ningbo.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Occupancy);
            // Registered before the domain's own registration, which only adds a clock when none is there.
            silo.Services.AddSingleton(new DomainClock(Clock));
            silo.Services.AddOccupancyDomain();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Moves the domain clock forward to the next time the site's wall clock shows <paramref name="local"/>.</summary>
    public DateTimeOffset AdvanceToLocal(TimeOnly local)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TestPlaces.TimeZone);
        var now = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), zone);
        var target = new DateTimeOffset(now.Date + local.ToTimeSpan(), now.Offset);
        if (target <= now) target = target.AddDays(1);
        Clock.SetUtcNow(target.ToUniversalTime());
        return target;
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
    }
}
