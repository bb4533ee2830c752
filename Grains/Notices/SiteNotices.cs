using Occupancy.Grains.Access;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;

namespace Occupancy.Grains.Notices;

/// <summary>Reading a site's notices of a day: the day defaults to today in the site's time zone.</summary>
public static class SiteNotices
{
    public static async Task<Outcome<IReadOnlyList<NoticeView>>> ReadDay(IGrainFactory grains, Actor actor, string siteId, string? date, DateTimeOffset now)
    {
        if (NoticeAccess.MayReadSite(actor, siteId) is { } refusal) return refusal;
        DateOnly day;
        if (date is null)
        {
            var zone = (await grains.GetGrain<ISiteGrain>(siteId).GetSummary())?.TimeZone;
            day = LocalDates.DateOf(now, zone);
        }
        else if (!LocalDates.TryParse(date, out day)) return Problem.Invalid("date", "date is a local day, YYYY-MM-DD.");
        return await grains.GetGrain<ISiteNoticesGrain>(SiteNoticesKey.Of(siteId, day)).List(actor);
    }
}
