using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Sessions.Listing;

namespace Occupancy.Grains.Sessions;

/// <summary>The site's day listing (the read model of the week's sessions): told after every durable write and on activation.</summary>
internal sealed partial class SessionGrain
{
    private ListingPublisher? _listingPublisher;
    private long _listedVersion;

    public async Task<SessionListingEntry?> GetListingEntry()
    {
        if (D.Definition is null) return null;
        if (ApplyClock(Now) is { } clockChange) await clockChange;
        return ListingEntry(D);
    }

    /// <summary>
    /// After a write, after a revert (a write that timed out may have landed) and on activation (a push the last
    /// activation owed): the listing hears the durable state, never what is not yet written. Never waited on.
    /// </summary>
    private void PublishListing()
    {
        if (D.Definition is null || D.Version == _listedVersion) return;
        _listedVersion = D.Version;
        _listingPublisher ??= new ListingPublisher(this, GrainFactory,
            ServiceProvider.GetRequiredService<IOptions<SessionListingOptions>>().Value, _logger);
        _listingPublisher.Publish(ListingEntry(D));
    }

    private SessionListingEntry ListingEntry(SessionState s) =>
        new(Snapshot(s), CalendarEntry.CalendarKey(s.Definition!.SiteId, LocalDate(s.Definition.StartsAt, DailyHours.FindZone(s.TimeZone) ?? TimeZoneInfo.Utc)));
}
