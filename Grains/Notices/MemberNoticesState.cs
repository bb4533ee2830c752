namespace Occupancy.Grains.Notices;

[GenerateSerializer, Alias("MemberNoticesState")]
internal sealed class MemberNoticesState
{
    /// <summary>Null until the member or staff set them: the defaults apply.</summary>
    [Id(0)] public NoticePreferences? Preferences { get; set; }
    [Id(1)] public long PreferencesVersion { get; set; }
    /// <summary>The outbox and the member's notice history, by notice id; bounded by <see cref="NoticeRetention"/>.</summary>
    [Id(2)] public Dictionary<string, NoticeRecord> Notices { get; set; } = [];
}
