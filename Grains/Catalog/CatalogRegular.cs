using Occupancy.Grains.Canteens;

namespace Occupancy.Grains.Catalog;

/// <summary>
/// A demo regular: the meals a member ate at a canteen on every day of the four weeks before the seeding day, but for
/// the days <see cref="SkipDaysAgo"/> (1 = yesterday), and whether they also came today, so the absence alerts have
/// regulars to expect (see <see cref="DemoRegulars"/>).
/// </summary>
public sealed record CatalogRegular(string MemberId, string CanteenId, IReadOnlyList<Meal> Meals, IReadOnlyList<int> SkipDaysAgo, bool CameToday);
