namespace Occupancy.Grains.Stats;

/// <summary>
/// A site's statistics as the contract's stats routes answer them (key: the site id). It reads the site for
/// its time zone and parts and the site-day histories for the numbers; it keeps nothing itself.
/// </summary>
public interface ISiteStatsGrain : IGrainWithStringKey
{
    /// <summary>One local day (YYYY-MM-DD, today when null) with each part's hourly peaks and their usual; not-found for an unknown site.</summary>
    Task<Outcome<SiteDayStats>> GetDay(string? date);

    /// <summary>One row per local day from <paramref name="from"/> to <paramref name="to"/> (at most 366; by default the last 30 days up to today).</summary>
    Task<Outcome<IReadOnlyList<SiteDayTotals>>> GetDailyRows(string? from, string? to);
}
