using System.Net;
using Microsoft.Extensions.Options;
using Occupancy.Grains;
using Occupancy.Grains.Notices;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Telemetry;
using Occupancy.Silo.Catalog;
using Occupancy.Silo.Storage;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;

namespace Occupancy.Silo.Hosting;

public static class SiloHosting
{
    /// <summary>
    /// An Orleans silo on Azure Table storage: clustering, grain state and reminders in the same account
    /// (Azurite by default). Settings come from the sections "Storage", "Cluster" and "Silo".
    /// </summary>
    public static WebApplicationBuilder AddOccupancySilo(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var connectionString = config["Storage:ConnectionString"];
        var siloPort = config.GetValue("Silo:SiloPort", 11111);
        var gatewayPort = config.GetValue("Silo:GatewayPort", 30000);
        var healthPort = config.GetValue("Silo:HealthPort", 5081);
        var advertised = config["Silo:AdvertisedAddress"] is { Length: > 0 } address ? IPAddress.Parse(address) : IPAddress.Loopback;

        builder.WebHost.UseUrls($"http://{(advertised.Equals(IPAddress.Loopback) ? "localhost" : "*")}:{healthPort}");
        builder.Logging.KeepGrainKeysOut();
        // DomainClock:Offset runs the domain at another hour (README, "Settings"); before AddOccupancyDomain, which keeps it.
        if (config.GetValue<TimeSpan?>("DomainClock:Offset") is { } offset) builder.Services.AddSingleton(DomainClock.Shifted(offset));
        builder.Services.AddOccupancyDomain();
        builder.Services.Configure<Grains.Live.LiveFeedOptions>(config.GetSection("Live"));
        builder.Services.Configure<Grains.Sessions.BookingOptions>(config.GetSection("Booking"));
        builder.Services.Configure<Grains.Notices.BookingNoticeOptions>(config.GetSection("BookingNotices"));
        builder.Services.Configure<Grains.Alerts.AbsenceAlertOptions>(config.GetSection(Grains.Alerts.AbsenceAlertOptions.Section));
        builder.Services.Configure<Grains.Sessions.Listing.SessionListingOptions>(config.GetSection("Listing"));
        builder.Services.Configure<Grains.Notices.NoticeOptions>(config.GetSection("Notifications"));
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = config["Cluster:ClusterId"] ?? "occupancy";
                o.ServiceId = config["Cluster:ServiceId"] ?? "occupancy";
            });
            silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: !advertised.Equals(IPAddress.Loopback));
            silo.UseAzureStorageClustering(o => o.TableServiceClient = StorageClients.Membership(connectionString));
            silo.UseKubernetesWhenInPod(config);
            silo.UseOccupancyMembership(config.GetSection("Silo:Membership"));
            silo.UseRollingUpgrades();
            silo.AddOccupancyStorage(connectionString);
            silo.AddDemoCatalog(config);
            silo.UseClusterTls(config.GetSection("Silo:Tls"));
            // The Orleans dashboard's grains and per-silo service; the Api serves the page (admins only, /admin/cluster/).
            silo.AddDashboard();
        });
        return builder;
    }

    /// <summary>Grain state and reminders on Azure Table storage; shared with the durability tests.</summary>
    public static ISiloBuilder AddOccupancyStorage(this ISiloBuilder silo, string? connectionString)
    {
        silo.AddAzureTableGrainStorage(StorageNames.Occupancy, o =>
        {
            o.TableServiceClient = StorageClients.Tables(connectionString);
            // History past retention is cleared: delete its row rather than keep an empty one forever.
            o.DeleteStateOnClear = true;
        });
        silo.Services.WrapGrainStorage(StorageNames.Occupancy, (sp, inner) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(StorageNames.Occupancy);
            var serviceId = sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
            var table = (options.TableServiceClient ?? throw new InvalidOperationException("The grain storage has no table client.")).GetTableClient(options.TableName);
            return new RowPerGrainStorage(inner, cancellationToken => StoreLayout.ResolveAsync(table, serviceId, cancellationToken), options.InitStage + 1);
        });
        // Outside the row keys, so it sees the state's own name.
        silo.Services.WrapGrainStorage(StorageNames.Occupancy, (sp, inner) =>
        {
            var inFlight = sp.GetRequiredService<IConfiguration>().GetValue("Storage:DeferredWritesInFlight", 16);
            return inFlight <= 0 ? inner : new DeferredWrites(inner, new HashSet<string>([MemberNoticesGrain.StateName, SessionLedgerGrain.StateName]), inFlight);
        });
        // Runs after Orleans' own post-configuration, which creates the binder this one wraps.
        silo.Services.PostConfigure<OrleansJsonSerializerOptions>(o => o.JsonSerializerSettings.SerializationBinder =
            new StoredCollectionNames(o.JsonSerializerSettings.SerializationBinder
                ?? throw new InvalidOperationException("Orleans' JSON binder is not configured yet.")));
        silo.UseAzureTableReminderService(o => o.TableServiceClient = StorageClients.Tables(connectionString));
        return silo;
    }
}
