namespace Occupancy.Grains.Health;

[GenerateSerializer, Alias("StoreProbeState")]
internal sealed class StoreProbeState
{
    [Id(0)] public long Probes { get; set; }
}
