using Occupancy.Grains.Access;

namespace Occupancy.Grains.Cards;

/// <summary>
/// A member's link to their card, keyed by member id (a tiny state of its own, so the member grain stays as it is):
/// assigns the card number on the first PIN and renews residents' tokens.
/// </summary>
public interface IMemberCardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Staff of the member's home site set the PIN (4 to 8 digits); the first time also assigns a card number.
    /// Out of scope is forbidden whether or not the member exists.
    /// </summary>
    Task<Outcome<MemberCard>> SetPin(Actor actor, string pin);

    /// <summary>Gives the member this card number and PIN unless the member already has a card (the demo catalog).</summary>
    Task<bool> SeedIfAbsent(string cardNumber, string pin);

    /// <summary>
    /// The member's card number for typing at a kiosk or on a printed slip, assigning a free one (without a PIN, so
    /// nobody can sign in with it yet) to a member who has none; null when the member does not exist.
    /// </summary>
    Task<string?> CardNumberOrAssign();

    /// <summary>A resident token's renewal: granted while the member still holds a card.</summary>
    Task<SignInResult> Refresh();
}
