using Occupancy.Grains.Privacy;

namespace Occupancy.Grains.Members;

/// <summary>Where the members of a phone number are listed: the index grain keyed by the number's keyed hash.</summary>
public static class PhoneIndex
{
    public static async Task<IPhoneIndexGrain> For(IGrainFactory grains, string phone) =>
        grains.GetGrain<IPhoneIndexGrain>(await grains.GetGrain<IPrivacyKeyGrain>(0).HashPhone(phone));
}
