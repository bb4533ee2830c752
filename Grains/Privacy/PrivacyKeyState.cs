namespace Occupancy.Grains.Privacy;

[GenerateSerializer, Alias("PrivacyKeyState")]
internal sealed class PrivacyKeyState
{
    /// <summary>32 random bytes; null until first use.</summary>
    [Id(0)] public byte[]? PhoneKey { get; set; }
}
