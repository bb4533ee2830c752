using System.Security.Cryptography;
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

    /// <summary>A random card number with no leading zero (so it survives being typed into a number field).</summary>
    public static string NewCardNumber() => RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
