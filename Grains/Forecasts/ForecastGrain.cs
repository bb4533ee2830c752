using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;

namespace Occupancy.Grains.Forecasts;

[StatelessWorker]
internal sealed class ForecastGrain(DomainClock clock) : Grain, IForecastGrain
{
    public async Task<Outcome<PlaceForecast>> ForFacility(string facilityId)
    {
        if (await GrainFactory.GetGrain<IFacilityGrain>(facilityId).Get() is not { } facility) return Problem.NotFound($"Facility '{facilityId}'");
        var place = await PlaceAsync(facility.Id, SitePartKind.Facility, facility.SiteId, facility.Capacity, facility.Occupied,
            new LevelThresholds(facility.QuietBelow, facility.NearlyFullFrom), date => DayOpening.ForFacility(facility.OpeningHours, date));
        return await ForecastAsync(place);
    }

    public async Task<Outcome<PlaceForecast>> ForCanteen(string canteenId)
    {
        if (await GrainFactory.GetGrain<ICanteenGrain>(canteenId).Get() is not { } canteen) return Problem.NotFound($"Canteen '{canteenId}'");
        var place = await PlaceAsync(canteen.Id, SitePartKind.Canteen, canteen.SiteId, canteen.Seats, canteen.OccupiedSeats,
            new LevelThresholds(canteen.QuietBelow, canteen.NearlyFullFrom), _ => DayOpening.ForCanteen(canteen.MealHours));
        return await ForecastAsync(place);
    }

    private async Task<ForecastPlace> PlaceAsync(string id, SitePartKind kind, string siteId, int capacity, int occupied,
        LevelThresholds thresholds, Func<DateOnly, DayOpening> opening)
    {
        var site = await GrainFactory.GetGrain<ISiteGrain>(siteId).GetSummary();
        return new ForecastPlace(id, kind, siteId, site?.TimeZone ?? "UTC", capacity, occupied, thresholds, opening);
    }

    private async Task<PlaceForecast> ForecastAsync(ForecastPlace place)
    {
        var now = clock.UtcNow;
        var local = LocalDates.Local(now, place.TimeZone);
        var today = DateOnly.FromDateTime(local);
        var previous = Enumerable.Range(1, SiteStatsGrain.UsualWeeks).Select(week => today.AddDays(-7 * week))
            .Where(day => !HistoryRetention.IsPast(day, today));
        var days = await Task.WhenAll(previous.Prepend(today).Select((day, i) =>
            GrainFactory.GetGrain<ISiteDayGrain>(SiteDayKey.Of(place.SiteId, day)).Get(i == 0 ? local.Hour : 23)));
        var todayHours = days[0].Parts.FirstOrDefault(p => p.Id == place.Id)?.Hourly;
        var history = days[1..]
            .Select(d => (Day: d, Part: d.Parts.FirstOrDefault(p => p.Id == place.Id)))
            .Where(d => d.Part is not null)
            .Select(d => new PastDay(d.Part!.Hourly, d.Day.Generated))
            .ToArray();
        return PlaceForecaster.Make(place, now, todayHours, history);
    }
}
