namespace Occupancy.Grains.Accounts;

/// <summary>A staff account as the administration lists it; never its password.</summary>
[GenerateSerializer, Immutable, Alias("StaffAccountView")]
public sealed record StaffAccountView(
    [property: Id(0)] string Username,
    [property: Id(1)] string Name,
    [property: Id(2)] StaffRole Role,
    [property: Id(3)] IReadOnlyList<string> Sites);
