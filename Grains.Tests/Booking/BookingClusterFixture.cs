using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Occupancy.Grains;
using Occupancy.Grains.Sessions;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>
/// One in-process silo for the booking tests: in-memory storage (a real provider, wrapped for fault injection),
/// in-memory reminders, and a fake domain clock that tests move forward (never the TimeProvider Orleans uses).
/// </summary>
public class BookingClusterFixture : IAsyncLifetime
{
    private const string InnerStorage = "occupancy-memory";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));

    public StorageFaults Faults { get; } = new();

    /// <summary>Smaller limits than production so each rule is reached in a few steps.</summary>
    public BookingOptions Options { get; } = new()
    {
        MaxUpcomingPerCategory = 3,
        NoShowsBeforeBlock = 2,
        HoldCheckAfter = TimeSpan.FromSeconds(1),
        OutboxRetryFirst = TimeSpan.FromMilliseconds(200),
        OutboxRetryMax = TimeSpan.FromSeconds(2),
        OutboxReminderDue = TimeSpan.FromSeconds(3),
    };

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(InnerStorage);
            silo.UseInMemoryReminderService();
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Occupancy,
                (services, _) => new FaultInjectingGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(InnerStorage), Faults));
            silo.Services.AddSingleton(new DomainClock(Time));
            silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Options));
            // Reminders as short as a test's deadline reminder period (Orleans refuses under a minute by default).
            silo.Services.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>What the store holds for a grain now, read past the grain (the check a restart would make).</summary>
    internal async Task<T> StoredAsync<T>(string stateName, GrainId grain) where T : new()
    {
        var storage = Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(InnerStorage);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grain, state);
        return state.State!;
    }

    /// <summary>The stored state of a grain with its etag, read past the grain.</summary>
    internal async Task<GrainState<T>> RawStateAsync<T>(string stateName, GrainId grain) where T : new()
    {
        var state = new GrainState<T>(new T());
        await InnerStorageOf().ReadStateAsync(stateName, grain, state);
        return state;
    }

    /// <summary>Writes a grain's state past the grain, conditional on <paramref name="state"/>'s etag (as any writer's would be); answers the new etag.</summary>
    internal async Task<string?> WriteRawAsync<T>(string stateName, GrainId grain, GrainState<T> state)
    {
        await InnerStorageOf().WriteStateAsync(stateName, grain, state);
        return state.ETag;
    }

    private IGrainStorage InnerStorageOf() => Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(InnerStorage);

    /// <summary>The reminder the silo's reminder table holds for a grain, or null.</summary>
    public async Task<ReminderEntry?> ReminderAsync(GrainId grain, string name) =>
        await Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>().ReadRow(grain, name);

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BookingCollection : ICollectionFixture<BookingClusterFixture>
{
    public const string Name = "booking cluster";
}
