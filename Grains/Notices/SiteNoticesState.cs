namespace Occupancy.Grains.Notices;

[GenerateSerializer, Alias("SiteNoticesState")]
internal sealed class SiteNoticesState
{
    [Id(0)] public Dictionary<string, NoticeView> Notices { get; set; } = [];
}
