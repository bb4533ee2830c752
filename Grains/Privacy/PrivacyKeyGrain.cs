using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Privacy;

internal sealed class PrivacyKeyGrain(
    [PersistentState("privacy", StorageNames.Occupancy)] IPersistentState<PrivacyKeyState> state,
    ILogger<PrivacyKeyGrain> logger) : Grain, IPrivacyKeyGrain
{
    public async Task<string> HashPhone(string phone)
    {
        if (state.State.PhoneKey is null)
        {
            // Stored before first use: a hash made with a key that was never saved could never be found again.
            state.State.PhoneKey = RandomNumberGenerator.GetBytes(32);
            await state.WriteOrRevertAsync(this, logger);
        }
        return Convert.ToHexStringLower(HMACSHA256.HashData(state.State.PhoneKey, Encoding.UTF8.GetBytes(phone)));
    }
}
