using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Occupancy.Grains.Telemetry;

public static class StorageMetrics
{
    /// <summary>Wraps the named grain storage, already registered, in <see cref="MeasuredGrainStorage"/>.</summary>
    public static IServiceCollection MeasureGrainStorage(this IServiceCollection services, string name)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered yet.");
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"The grain storage '{name}' is not registered with a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
            new MeasuredGrainStorage((IGrainStorage)create(sp, key), sp.GetRequiredService<OccupancyMetrics>()));
        return services;
    }
}
