using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Telemetry;

namespace Occupancy.Grains;

public static class DomainServices
{
    /// <summary>What the grains need from the silo's container. A test registers its own DomainClock first to drive time.</summary>
    public static IServiceCollection AddOccupancyDomain(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => new DomainClock(TimeProvider.System));
        services.AddMetrics();
        services.TryAddSingleton<OccupancyMetrics>();
        services.AddOptions<LiveFeedOptions>();
        services.AddOptions<BookingOptions>();
        services.AddOptions<Notices.BookingNoticeOptions>();
        services.AddOptions<Sessions.Listing.SessionListingOptions>();
        services.AddOptions<Alerts.AbsenceAlertOptions>();
        return services;
    }
}
