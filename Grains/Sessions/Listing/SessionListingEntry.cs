namespace Occupancy.Grains.Sessions.Listing;

/// <summary>
/// What a session tells the listing of a site's day: its snapshot (with its version) and the day it is listed on,
/// the key of <see cref="ISessionDayListingGrain"/>. A listing that is told another day drops the session.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionListingEntry")]
public sealed record SessionListingEntry(
    [property: Id(0)] SessionSnapshot Snapshot,
    [property: Id(1)] string DayKey);
