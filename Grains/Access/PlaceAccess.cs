namespace Occupancy.Grains.Access;

/// <summary>
/// Who may change sites, facilities and canteens. Their snapshots are public; every write follows the site the
/// place is on. A place device writes its own place's occupancy only; a site device (kiosk) writes none.
/// </summary>
public static class PlaceAccess
{
    /// <summary>
    /// Creating or replacing a facility or canteen: staff of the site it names and, when it exists, of the site
    /// it is on (a definition that moves a place needs both).
    /// </summary>
    public static Problem? MayDefine(Actor actor, string placeId, string? currentSiteId, string? siteId) =>
        Scope.Allow(actor.IsStaffOf(siteId) && (currentSiteId is null || actor.IsStaffOf(currentSiteId)), $"define '{placeId}'");

    /// <summary>Entries, exits and recalibration: staff of the facility's site, or a device of this facility.</summary>
    public static Problem? MayCountFacility(Actor actor, string facilityId, string? siteId) =>
        Scope.Allow(actor.IsStaffOf(siteId) || (actor.Role == ActorRole.Device && actor.FacilityId == facilityId),
            $"write the occupancy of '{facilityId}'");

    /// <summary>Seats taken at a table: staff of the canteen's site, or a device of this canteen.</summary>
    public static Problem? MaySeatCanteen(Actor actor, string canteenId, string? siteId) =>
        Scope.Allow(actor.IsStaffOf(siteId) || (actor.Role == ActorRole.Device && actor.CanteenId == canteenId),
            $"write the occupancy of '{canteenId}'");

    /// <summary>
    /// A diner's canteen visit: staff of the canteen's site, the site's device (the entrance kiosk), or this canteen's
    /// own device. A device that is in scope by the id alone may learn that the canteen does not exist.
    /// </summary>
    public static Problem? MayRecordVisit(Actor actor, string canteenId, string? siteId) =>
        Scope.Allow(actor.IsStaffOf(siteId) || actor.IsSiteDeviceOf(siteId) || (actor.Role == ActorRole.Device && actor.CanteenId == canteenId),
            $"record visits at '{canteenId}'");

    /// <summary>A new site is an administrator's; an existing one may also be changed by its own staff.</summary>
    public static Problem? MayDefineSite(Actor actor, string siteId, bool exists) =>
        Scope.Allow(actor.IsAllPowerful || (exists && actor.IsStaffOf(siteId)), $"define site '{siteId}'");
}
