using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// The rule-test silo with a domain clock the tests move by hand (Orleans keeps the real clock). Time only
/// goes forward: each test moves it on to a fresh local day of its own.
/// </summary>
public sealed class StatsClusterFixture : ClusterFixture
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 1, 16, 0, 0, TimeSpan.Zero));

    // Registered after the base fixture's system clock, so this one is the clock the grains get.
    protected override void ConfigureSilo(ISiloBuilder silo) => silo.Services.AddSingleton(new DomainClock(Time));
}
