using System.Globalization;
using Occupancy.Grains.Access;

namespace Occupancy.Grains.Audit;

/// <summary>Which audit grain holds a moment's look-ups, and a UTC day read as its hours.</summary>
public static class PhoneLookupAudit
{
    public static string HourKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    public static async Task<Outcome<IReadOnlyList<PhoneLookupRecord>>> ReadDay(IGrainFactory grains, Actor actor, DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var hours = await Task.WhenAll(Enumerable.Range(0, 24).Select(h => grains.GetGrain<IPhoneLookupAuditGrain>(HourKey(start.AddHours(h))).List(actor)));
        if (hours.FirstOrDefault(h => h.Problem is not null)?.Problem is { } problem) return problem;
        return hours.SelectMany(h => h.Value!).ToArray();
    }
}
