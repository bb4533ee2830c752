namespace Occupancy.Grains.Audit;

/// <summary>One phone look-up: who asked, when, for which number (masked), and how many members it found.</summary>
[GenerateSerializer, Immutable, Alias("PhoneLookupRecord")]
public sealed record PhoneLookupRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Subject,
    [property: Id(2)] string MaskedPhone,
    [property: Id(3)] int Results);
