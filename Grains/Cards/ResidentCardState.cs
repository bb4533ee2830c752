using Occupancy.Grains.Access;

namespace Occupancy.Grains.Cards;

[GenerateSerializer, Alias("ResidentCardState")]
internal sealed class ResidentCardState
{
    /// <summary>The member this card belongs to; null while the number is free.</summary>
    [Id(0)] public string? MemberId { get; set; }
    [Id(1)] public string? PinHash { get; set; }
    [Id(2)] public CredentialAttempts Attempts { get; set; } = new();
}
