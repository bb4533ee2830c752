using Microsoft.Extensions.DependencyInjection;

namespace Occupancy.Grains.Telemetry;

public static class StorageMetrics
{
    /// <summary>Wraps the named grain storage, already registered, in <see cref="MeasuredGrainStorage"/>.</summary>
    public static IServiceCollection MeasureGrainStorage(this IServiceCollection services, string name) =>
        services.WrapGrainStorage(name, (sp, inner) => new MeasuredGrainStorage(inner, sp.GetRequiredService<OccupancyMetrics>()));
}
