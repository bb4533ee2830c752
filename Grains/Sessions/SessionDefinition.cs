namespace Occupancy.Grains.Sessions;

/// <summary>
/// What an administrator (or the weekly schedule) sets for one session: a class, course, court slot or meal
/// sitting. The snapshot's fields less the live ones. <see cref="FacilityId"/> names a facility or a canteen.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionDefinition")]
public sealed record SessionDefinition(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string FacilityId,
    [property: Id(2)] string Title,
    [property: Id(4)] BookingCategory Category,
    [property: Id(6)] DateTimeOffset StartsAt,
    [property: Id(7)] DateTimeOffset EndsAt,
    [property: Id(8)] int Capacity,
    [property: Id(10)] DateTimeOffset BookingOpensAt,
    [property: Id(11)] DateTimeOffset BookingClosesAt,
    [property: Id(12)] DateTimeOffset CancelFreeUntil,
    [property: Id(9)] int WaitlistCapacity = 0,
    [property: Id(3)] string? TitleEn = null,
    [property: Id(5)] string? Place = null,
    [property: Id(13)] Eligibility? Eligibility = null,
    [property: Id(14)] int? NoShowAfterMinutes = null)
{
    public const int MaxCapacity = 1000;
    public const int MaxWaitlistCapacity = 1000;

    public Problem? Validate()
    {
        if (!Ids.IsValid(SiteId)) return Problem.InvalidId("siteId");
        if (!Ids.IsValid(FacilityId)) return Problem.InvalidId("facilityId");
        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 100) return Problem.Invalid("title", "title is required (at most 100 characters).");
        if (TitleEn is { Length: > 100 }) return Problem.Invalid("titleEn", "titleEn has at most 100 characters.");
        if (!Enum.IsDefined(Category)) return Problem.Invalid("category", "category is class, course, court, meal, care or activity.");
        if (Place is { Length: > 100 }) return Problem.Invalid("place", "place has at most 100 characters.");
        if (StartsAt == default) return Problem.Invalid("startsAt", "startsAt is required.");
        if (EndsAt <= StartsAt || EndsAt - StartsAt > TimeSpan.FromHours(24)) return Problem.Invalid("endsAt", "endsAt must be after startsAt, within 24 hours.");
        if (Capacity is < 1 or > MaxCapacity) return Problem.Invalid("capacity", $"capacity must be between 1 and {MaxCapacity}.");
        if (WaitlistCapacity is < 0 or > MaxWaitlistCapacity) return Problem.Invalid("waitlistCapacity", $"waitlistCapacity must be between 0 and {MaxWaitlistCapacity}.");
        if (BookingOpensAt == default) return Problem.Invalid("bookingOpensAt", "bookingOpensAt is required.");
        if (BookingClosesAt <= BookingOpensAt || BookingClosesAt > StartsAt)
            return Problem.Invalid("bookingClosesAt", "bookingClosesAt must be after bookingOpensAt and no later than startsAt.");
        if (CancelFreeUntil == default || CancelFreeUntil > StartsAt) return Problem.Invalid("cancelFreeUntil", "cancelFreeUntil is required, no later than startsAt.");
        if (NoShowAfterMinutes is < 1 or > 24 * 60) return Problem.Invalid("noShowAfterMinutes", "noShowAfterMinutes must be between 1 and 1440.");
        return (Eligibility ?? Eligibility.Everyone).Validate();
    }
}
