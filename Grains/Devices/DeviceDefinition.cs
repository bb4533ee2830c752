namespace Occupancy.Grains.Devices;

/// <summary>
/// A device credential as an administrator creates it (the body of POST /api/admin/devices): a facility or canteen
/// device writes that place's occupancy; a site device (the entrance kiosk) checks bookings in at that site.
/// Exactly one of the three places is named.
/// </summary>
[GenerateSerializer, Immutable, Alias("DeviceDefinition")]
public sealed record DeviceDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string? FacilityId = null,
    [property: Id(2)] string? CanteenId = null,
    [property: Id(3)] string? SiteId = null)
{
    public Problem? Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100) return Problem.Invalid("name", "name is required (at most 100 characters).");
        var places = new[] { FacilityId, CanteenId, SiteId }.Count(p => p is not null);
        if (places != 1) return Problem.Invalid("facilityId", "Name exactly one of facilityId, canteenId and siteId.");
        if (FacilityId is not null && !Ids.IsValid(FacilityId)) return Problem.InvalidId("facilityId");
        if (CanteenId is not null && !Ids.IsValid(CanteenId)) return Problem.InvalidId("canteenId");
        if (SiteId is not null && !Ids.IsValid(SiteId)) return Problem.InvalidId("siteId");
        return null;
    }
}
