using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Forecasts;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Catalog;

/// <summary>A facility or canteen as the demo's history generator sees it: its kind, size and hours.</summary>
public sealed record HistoryPlace(
    string Id,
    SitePartKind Kind,
    FacilityKind? FacilityKind,
    int Capacity,
    IReadOnlyDictionary<string, string[][]>? OpeningHours,
    IReadOnlyList<MealHours>? MealHours)
{
    public static HistoryPlace Of(CatalogFacility facility) =>
        new(facility.Id, SitePartKind.Facility, facility.Kind, facility.Capacity, facility.OpeningHours, null);

    public static HistoryPlace Of(CatalogCanteen canteen) =>
        new(canteen.Id, SitePartKind.Canteen, null, canteen.Tables.Sum(t => t.Seats), null, canteen.MealHours);

    public DayOpening OpeningOn(DateOnly date) =>
        Kind == SitePartKind.Canteen ? DayOpening.ForCanteen(MealHours ?? []) : DayOpening.ForFacility(OpeningHours, date);
}
