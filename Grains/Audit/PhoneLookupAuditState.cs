namespace Occupancy.Grains.Audit;

[GenerateSerializer, Alias("PhoneLookupAuditState")]
internal sealed class PhoneLookupAuditState
{
    [Id(0)] public List<PhoneLookupRecord> Records { get; set; } = [];
}
