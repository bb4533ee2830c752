using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Occupancy.Grains.Members;
using Occupancy.Grains.Notices;
using Occupancy.Grains.Tests.Booking;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Notices;

/// <summary>
/// One in-process silo whose notices go to a real webhook receiver on a loopback port, with short retries, a reminder
/// every 2 s, and a domain clock the tests move (quiet hours, notBefore, usefulUntil). Sites are not defined, so
/// site-local time is UTC.
/// </summary>
public sealed class NoticesClusterFixture : IAsyncLifetime
{
    public const string Secret = "test-webhook-secret";

    /// <summary>Monday 30 November 2026, 12:00 UTC: outside the default quiet hours.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    public WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>Counts each grain's writes to the (in-memory) store.</summary>
    public StorageFaults Store { get; } = new();

    public string MirrorFile { get; } = Path.Combine(Path.GetTempPath(), $"notices-mirror-{Guid.NewGuid():N}.jsonl");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync(Secret);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("notices-memory");
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Occupancy,
                (services, _) => new FaultInjectingGrainStorage(services.GetRequiredKeyedService<IGrainStorage>("notices-memory"), Store));
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(new DomainClock(Clock));
            silo.Services.AddOccupancyDomain();
            silo.Services.Configure<NoticeOptions>(o =>
            {
                o.WebhookUrl = Receiver.Url;
                o.Secret = Secret;
                o.File = MirrorFile;
                o.Timeout = TimeSpan.FromSeconds(2);
                o.RetryFirst = TimeSpan.FromMilliseconds(100);
                o.RetryMax = TimeSpan.FromSeconds(1);
                o.ReminderPeriod = TimeSpan.FromSeconds(2);
            });
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Moves the domain clock forward to the next time the UTC wall clock shows <paramref name="time"/>.</summary>
    public DateTimeOffset AdvanceTo(TimeOnly time)
    {
        var now = Clock.GetUtcNow();
        var target = new DateTimeOffset(now.Date + time.ToTimeSpan(), TimeSpan.Zero);
        if (target <= now) target = target.AddDays(1);
        Clock.SetUtcNow(target);
        return target;
    }

    /// <summary>A member with a phone (or none), listing <paramref name="family"/>.</summary>
    public async Task<string> MemberAsync(string name, string? phone, string siteId = "notices-site", params string[] family)
    {
        var id = Support.TestPlaces.NewId("m");
        await Client.GetGrain<IMemberGrain>(id).DefineIfAbsent(new MemberProfile(name, phone, siteId, Family: family));
        return id;
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
        if (Receiver is not null) await Receiver.DisposeAsync();
        File.Delete(MirrorFile);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NoticesCollection : ICollectionFixture<NoticesClusterFixture>
{
    public const string Name = "notices";
}
