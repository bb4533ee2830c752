namespace Occupancy.Grains.Access;

/// <summary>
/// Who is acting, as the signed-in identity says (never a request body). The Api builds it from the token and
/// hands it to the grain, which decides against the entity it owns (its site, its member) what the actor may do.
/// </summary>
/// <param name="Role">What the subject is.</param>
/// <param name="Subject">The token's subject: a member id, a staff account, a device id; the address when anonymous.</param>
/// <param name="Sites">Sites a staff account or a site device (kiosk) is scoped to.</param>
/// <param name="MemberId">The member a resident is.</param>
/// <param name="FacilityId">The facility a facility device writes.</param>
/// <param name="CanteenId">The canteen a canteen device writes.</param>
[GenerateSerializer, Immutable, Alias("Actor")]
public sealed record Actor(
    [property: Id(0)] ActorRole Role,
    [property: Id(1)] string Subject,
    [property: Id(2)] IReadOnlyList<string> Sites,
    [property: Id(3)] string? MemberId = null,
    [property: Id(4)] string? FacilityId = null,
    [property: Id(5)] string? CanteenId = null)
{
    /// <summary>The system's own calls (seeding, schedules, tests that exercise rules rather than access).</summary>
    public static readonly Actor System = new(ActorRole.System, "system", []);

    public static Actor Anonymous(string address) => new(ActorRole.Anonymous, address, []);

    public static Actor Admin(string subject) => new(ActorRole.Admin, subject, []);

    public static Actor StaffOf(string subject, params string[] sites) => new(ActorRole.Staff, subject, sites);

    public static Actor ResidentOf(string memberId) => new(ActorRole.Resident, memberId, [], MemberId: memberId);

    public static Actor FacilityDevice(string subject, string facilityId) => new(ActorRole.Device, subject, [], FacilityId: facilityId);

    public static Actor CanteenDevice(string subject, string canteenId) => new(ActorRole.Device, subject, [], CanteenId: canteenId);

    public static Actor SiteDevice(string subject, string siteId) => new(ActorRole.Device, subject, [siteId]);

    /// <summary>Admin or the system: may do everything.</summary>
    public bool IsAllPowerful => Role is ActorRole.Admin or ActorRole.System;

    public bool IsAuthenticated => Role != ActorRole.Anonymous;

    /// <summary>Staff of <paramref name="siteId"/>, or all-powerful. A null site (an entity that does not exist) is nobody's.</summary>
    public bool IsStaffOf(string? siteId) =>
        IsAllPowerful || (Role == ActorRole.Staff && siteId is not null && Sites.Contains(siteId, StringComparer.Ordinal));

    /// <summary>The site device (kiosk) of <paramref name="siteId"/>.</summary>
    public bool IsSiteDeviceOf(string? siteId) =>
        Role == ActorRole.Device && siteId is not null && FacilityId is null && CanteenId is null && Sites.Contains(siteId, StringComparer.Ordinal);

    /// <summary>The resident who is <paramref name="memberId"/>.</summary>
    public bool IsMember(string memberId) => Role == ActorRole.Resident && MemberId == memberId;

    /// <summary>How an actor is named in a booking's <c>bookedBy</c>: the resident's member id, or "staff".</summary>
    public string BookedBy => Role == ActorRole.Resident && MemberId is not null ? MemberId : "staff";

    public static Problem Forbidden(string what) => new(ProblemCodes.Forbidden, $"You may not {what}.");
}
