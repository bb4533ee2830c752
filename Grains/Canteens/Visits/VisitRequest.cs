namespace Occupancy.Grains.Canteens.Visits;

/// <summary>
/// The body of <c>POST /api/canteens/{id}/visits</c>: who came, by <see cref="CardNumber"/> (staff or a device) or
/// <see cref="Phone"/> (staff; <see cref="MemberId"/> picks one member when several share the phone). The meal is
/// the one served now, unless staff recording late name <see cref="Meal"/> (and, for an earlier day, <see cref="Date"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("VisitRequest")]
public sealed record VisitRequest(
    [property: Id(0)] string? CardNumber = null,
    [property: Id(1)] string? Phone = null,
    [property: Id(2)] string? MemberId = null,
    [property: Id(3)] Meal? Meal = null,
    [property: Id(4)] DateOnly? Date = null);
