using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;

namespace Occupancy.Grains.Cards;

/// <summary>
/// The number is claimed on the card grain before the link is written: a crash in between leaves a claimed number no
/// one can sign in with (it has no PIN), and the next attempt claims another.
/// </summary>
internal sealed class MemberCardGrain(
    [PersistentState("membercard", StorageNames.Occupancy)] IPersistentState<MemberCardState> state,
    ILogger<MemberCardGrain> logger) : Grain, IMemberCardGrain
{
    private const int ClaimAttempts = 20;

    private string MemberId => this.GetPrimaryKeyString();

    public async Task<Outcome<MemberCard>> SetPin(Actor actor, string pin)
    {
        var member = await MemberDirectory.Read(GrainFactory, MemberId);
        if (member is null)
            return actor.IsAllPowerful ? Problem.NotFound($"Member '{MemberId}'") : Actor.Forbidden("set this member's PIN");
        if (!actor.IsStaffOf(member.HomeSiteId)) return Actor.Forbidden("set this member's PIN");
        if (!CardNumbers.IsValidPin(pin)) return Problem.Invalid("pin", "pin has 4 to 8 digits.");

        var cardNumber = await AssignAsync();
        if (cardNumber is null) return new Problem(ProblemCodes.InvalidState, "No free card number was found; try again.");
        await GrainFactory.ResidentCard(cardNumber).SetPin(MemberId, pin);
        return new MemberCard(MemberId, cardNumber);
    }

    public async Task<string?> CardNumberOrAssign()
    {
        if (state.State.CardNumber is { } known) return known;
        return await MemberDirectory.Read(GrainFactory, MemberId) is null ? null : await AssignAsync();
    }

    /// <summary>The member's number, claiming a free one first when there is none; null when none was free.</summary>
    private async Task<string?> AssignAsync()
    {
        var cardNumber = state.State.CardNumber;
        if (cardNumber is not null) return cardNumber;
        for (var attempt = 0; attempt < ClaimAttempts && cardNumber is null; attempt++)
        {
            var candidate = CardNumbers.NewCardNumber();
            if (await GrainFactory.ResidentCard(candidate).Claim(MemberId)) cardNumber = candidate;
        }
        if (cardNumber is null) return null;
        state.State.CardNumber = cardNumber;
        await state.WriteOrRevertAsync(this, logger);
        return cardNumber;
    }

    public async Task<bool> SeedIfAbsent(string cardNumber, string pin)
    {
        if (state.State.CardNumber is not null || !CardNumbers.IsValid(cardNumber) || !CardNumbers.IsValidPin(pin)) return false;
        var card = GrainFactory.ResidentCard(cardNumber);
        if (!await card.Claim(MemberId)) return false;
        state.State.CardNumber = cardNumber;
        await state.WriteOrRevertAsync(this, logger);
        return await card.SetPin(MemberId, pin);
    }

    public async Task<SignInResult> Refresh()
    {
        if (state.State.CardNumber is not { } cardNumber) return SignInResult.Refused;
        if (await GrainFactory.ResidentCard(cardNumber).MemberId() != MemberId) return SignInResult.Refused;
        var member = await MemberDirectory.Read(GrainFactory, MemberId);
        return member is null ? SignInResult.Refused : SignInResult.Granted(Actor.ResidentOf(MemberId), member.Name);
    }
}
