using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Occupancy.Grains;

public static class GrainStorageWrapping
{
    /// <summary>Replaces the named grain storage, already registered, with <paramref name="wrap"/> around it.</summary>
    public static IServiceCollection WrapGrainStorage(this IServiceCollection services, string name, Func<IServiceProvider, IGrainStorage, IGrainStorage> wrap)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered yet.");
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"The grain storage '{name}' is not registered with a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => wrap(sp, (IGrainStorage)create(sp, key)));
        return services;
    }
}
