namespace Occupancy.Grains.Members;

[GenerateSerializer, Alias("PhoneIndexState")]
internal sealed class PhoneIndexState
{
    [Id(0)] public List<string> MemberIds { get; set; } = [];
}
