namespace Occupancy.Grains.Cards;

[GenerateSerializer, Alias("MemberCardState")]
internal sealed class MemberCardState
{
    [Id(0)] public string? CardNumber { get; set; }
}
