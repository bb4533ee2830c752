namespace Occupancy.Grains.Catalog;

[GenerateSerializer, Alias("DemoHistoryState")]
internal sealed class DemoHistoryState
{
    [Id(0)] public DateOnly? Anchor { get; set; }
    [Id(1)] public bool Complete { get; set; }
}
