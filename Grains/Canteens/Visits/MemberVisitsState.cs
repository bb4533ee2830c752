namespace Occupancy.Grains.Canteens.Visits;

[GenerateSerializer, Alias("MemberVisitsState")]
internal sealed class MemberVisitsState
{
    [Id(0)] public List<MemberVisit> Visits { get; set; } = [];
}
