namespace Occupancy.Grains.Members;

/// <summary>A resident annual card (e.g. the gym's 360-yuan card): valid at one site through a local date.</summary>
[GenerateSerializer, Immutable, Alias("AnnualCard")]
public sealed record AnnualCard([property: Id(0)] string SiteId, [property: Id(1)] DateOnly ValidUntil);
