namespace Occupancy.Grains.Alerts;

/// <summary>Who gave consent to absence alerts and when: the member, a family member on their behalf, or staff who recorded it.</summary>
[GenerateSerializer, Immutable, Alias("Consent")]
public sealed record Consent(
    [property: Id(0)] string By,
    [property: Id(1)] ConsentGiver GivenAs,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Note = null);
