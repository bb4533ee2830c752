using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;

namespace Occupancy.Grains.Cards;

// Probing unknown names or numbers activates grains that hold nothing: they go after two idle minutes rather than
// at once, since deactivating after every call made concurrent attempts on one name bounce between activations
// until Orleans gave up forwarding them (503).
[CollectionAgeLimit(Minutes = 2)]
internal sealed class ResidentCardGrain(
    [PersistentState("card", StorageNames.Occupancy)] IPersistentState<ResidentCardState> state,
    DomainClock clock,
    ILogger<ResidentCardGrain> logger) : Grain, IResidentCardGrain
{
    private const string What = "a resident card";

    private ResidentCardState S => state.State;

    public async Task<bool> Claim(string memberId)
    {
        if (S.MemberId is { } owner) return owner == memberId;
        S.MemberId = memberId;
        await state.WriteOrRevertAsync(this, logger, What);
        return true;
    }

    public async Task<bool> SetPin(string memberId, string pin)
    {
        if (S.MemberId != memberId || !CardNumbers.IsValidPin(pin)) return false;
        S.PinHash = await SecretHasher.Hash(pin);
        CredentialLockout.Succeeded(S.Attempts); // the desk set a new PIN: the resident starts afresh
        await state.WriteOrRevertAsync(this, logger, What);
        return true;
    }

    public Task<string?> MemberId() => Task.FromResult(S.MemberId);

    public async Task<SignInResult> SignIn(string pin)
    {
        var now = clock.UtcNow;
        if (CredentialLockout.LockedFor(S.Attempts, now) is { } locked) return SignInResult.Locked(locked);
        var right = await SecretHasher.Verify(S.PinHash, pin);
        if (S.MemberId is not { } memberId || S.PinHash is null)
        {
            return SignInResult.Refused; // nothing to count for a credential nobody holds
        }
        if (!right)
        {
            var lockedNow = CredentialLockout.Failed(S.Attempts, now);
            await state.WriteOrRevertAsync(this, logger, What);
            return lockedNow is { } retry ? SignInResult.Locked(retry) : SignInResult.Refused;
        }
        if (CredentialLockout.Succeeded(S.Attempts)) await state.WriteOrRevertAsync(this, logger, What);
        var member = await MemberDirectory.Read(GrainFactory, memberId);
        return member is null ? SignInResult.Refused : SignInResult.Granted(Actor.ResidentOf(memberId), member.Name);
    }
}
