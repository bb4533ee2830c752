using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Occupancy.Grains;

/// <summary>
/// Bytes a state takes in the store, measured with the serializer the storage provider uses (by default Newtonsoft
/// JSON with <c>$type</c> and <c>$id</c> on every object). The Azure Table provider keeps a grain's state in one
/// entity of about 960 KB; a state that grows past it can no longer be written at all.
/// </summary>
internal static class StateSize
{
    /// <summary>The table store's limit for one grain's state (binary), with nothing to spare.</summary>
    public const int TableEntityLimit = 960 * 1024;

    /// <summary>Bytes of <paramref name="state"/> as stored; null when no storage serializer is configured.</summary>
    public static int? Of<T>(IServiceProvider services, T state) =>
        services.GetService<IGrainStorageSerializer>() is { } serializer ? serializer.Serialize(state).ToMemory().Length : null;
}
