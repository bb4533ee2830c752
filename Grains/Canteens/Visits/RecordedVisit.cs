namespace Occupancy.Grains.Canteens.Visits;

/// <summary>What a canteen's day answers a recorded visit: whether the member was already counted, the meal's diners, when first recorded.</summary>
[GenerateSerializer, Immutable, Alias("RecordedVisit")]
public sealed record RecordedVisit(
    [property: Id(0)] bool AlreadyCounted,
    [property: Id(1)] int Diners,
    [property: Id(2)] DateTimeOffset At);
