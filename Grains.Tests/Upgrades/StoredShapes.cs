using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Occupancy.Silo.Hosting;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Occupancy.Grains.Tests.Upgrades;

/// <summary>
/// The serializer the silo's Azure Table grain storage really uses (the host is built, never started), to turn
/// state into row bytes and back as the store does.
/// </summary>
internal static class StoredShapes
{
    private const string Unused = "UseDevelopmentStorage=true";

    /// <summary>The silo's own configuration: Orleans' allow-list of stored types applies.</summary>
    public static IGrainStorageSerializer Silo() => Build(allowTestTypes: false);

    /// <summary>The same format with the test's own state shapes allowed (they are not Orleans-generated types).</summary>
    public static IGrainStorageSerializer WithTestShapes() => Build(allowTestTypes: true);

    private static IGrainStorageSerializer Build(bool allowTestTypes)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            // The JSON settings resolve grain references, which need some membership: the development one (never started).
            silo.UseLocalhostClustering();
            silo.AddOccupancyStorage(Unused);
            if (allowTestTypes) silo.Services.Configure<OrleansJsonSerializerOptions>(o => o.AllowAllTypes = true);
        });
        var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(StorageNames.Occupancy);
        return options.GrainStorageSerializer ?? host.Services.GetRequiredService<IGrainStorageSerializer>();
    }

    public static string Text(BinaryData row) => row.ToString();

    /// <summary>The state a row holds; a row that reads as nothing fails the test.</summary>
    public static T Read<T>(this IGrainStorageSerializer serializer, BinaryData row) =>
        serializer.Deserialize<T>(row) ?? throw new InvalidOperationException($"The row read as no {typeof(T).Name}.");

    public static BinaryData Row(string json) => BinaryData.FromString(json);
}
