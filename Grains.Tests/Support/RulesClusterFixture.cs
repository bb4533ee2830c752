using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Occupancy.Grains;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// One in-process silo with in-memory grain storage and a domain clock the tests move by hand.
/// Orleans keeps its own real clock; only the domain's opening hours and meal hours read the fake one.
/// </summary>
public class RulesClusterFixture : IAsyncLifetime
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
            AddStorage(silo);
            // Registered before the domain's own registration, which only adds a clock when none is there.
            silo.Services.AddSingleton(new DomainClock(Clock));
            silo.Services.AddOccupancyDomain();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>The grain storage: Orleans' in-memory provider, which answers at once.</summary>
    protected virtual void AddStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageNames.Occupancy);

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
