namespace Occupancy.Grains.Catalog;

/// <summary>How many entities one loading of the demo catalog created; all zero when everything already existed.</summary>
public sealed record CatalogSeedCounts(int Sites, int Facilities, int Canteens, int Members = 0, int StaffAccounts = 0, int ResidentCards = 0)
{
    public bool CreatedAny => Sites + Facilities + Canteens + Members + StaffAccounts + ResidentCards > 0;
}
