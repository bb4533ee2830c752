namespace Occupancy.Grains.Catalog;

/// <summary>
/// A weekly timetable that generates bookable sessions at a facility or a canteen of its site: one session per
/// listed day and local start time. Values of <see cref="Category"/>, <see cref="Days"/> and ages are the contract's strings.
/// </summary>
public sealed record CatalogSchedule(
    string Id,
    string Title,
    string? TitleEn,
    string Category,
    string Place,
    IReadOnlyList<string> Days,
    IReadOnlyList<string> Times,
    int DurationMinutes,
    int Capacity,
    int WaitlistCapacity,
    int BookingOpensDaysBefore,
    int BookingClosesMinutesBefore,
    int CancelFreeMinutesBefore,
    CatalogEligibility Eligibility,
    string? FacilityId = null,
    string? CanteenId = null);
