using Occupancy.Grains.Access;

namespace Occupancy.Grains.Cards;

/// <summary>
/// One resident card, keyed by a digest of its number (get it with <see cref="CardNumbers.ResidentCard"/>): whose it is,
/// the PIN's hash and the failed sign-ins, so a card is locked for 15 minutes after 5 wrong PINs however the guesses
/// arrive. Only <see cref="IMemberCardGrain"/> writes it.
/// </summary>
public interface IResidentCardGrain : IGrainWithStringKey
{
    /// <summary>Takes a free number for <paramref name="memberId"/>; false when it already belongs to another member.</summary>
    Task<bool> Claim(string memberId);

    /// <summary>Sets the PIN (hashed) and clears the failures; false unless the card is <paramref name="memberId"/>'s.</summary>
    Task<bool> SetPin(string memberId, string pin);

    Task<string?> MemberId();

    Task<SignInResult> SignIn(string pin);
}
