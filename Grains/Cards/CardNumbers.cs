using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Occupancy.Grains.Cards;

/// <summary>A resident's card number (8 digits, assigned at the desk) and PIN (4 to 8 digits, chosen at the desk).</summary>
public static partial class CardNumbers
{
    [GeneratedRegex(@"^[0-9]{8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CardShape();

    [GeneratedRegex(@"^[0-9]{4,8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PinShape();

    public static bool IsValid(string? cardNumber) => cardNumber is not null && CardShape().IsMatch(cardNumber);

    public static bool IsValidPin(string? pin) => pin is not null && PinShape().IsMatch(pin);

    /// <summary>
    /// A card's grain, keyed by a digest of its number rather than the number: grain ids appear in the runtime's own
    /// warnings (timeouts, failed activations), and card numbers never go to the logs. (Eight digits are quickly
    /// guessed back from an unkeyed digest: this keeps numbers out of logs, it does not make logs a secret.)
    /// </summary>
    public static IResidentCardGrain ResidentCard(this IGrainFactory grains, string cardNumber) =>
        grains.GetGrain<IResidentCardGrain>("card-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"occupancy-card:{cardNumber}")))[..40]);

    /// <summary>A random card number with no leading zero (so it survives being typed into a number field).</summary>
    public static string NewCardNumber() => RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
