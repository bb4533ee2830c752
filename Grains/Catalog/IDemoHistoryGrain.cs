namespace Occupancy.Grains.Catalog;

/// <summary>
/// Remembers, per site (key: the site id), the day the demo's history was first seeded and whether seeding finished,
/// so later starts neither seed again nor move the weeks.
/// </summary>
public interface IDemoHistoryGrain : IGrainWithStringKey
{
    /// <summary>The anchor day to seed before: the stored one, or <paramref name="today"/> on the first start (written first); null once seeding finished.</summary>
    Task<DateOnly?> Begin(DateOnly today);

    /// <summary>Records that every day was seeded.</summary>
    Task Complete();
}
