using System.Text.RegularExpressions;

namespace Occupancy.Grains.Accounts;

/// <summary>A username has the id shape, with dots allowed as separators (<c>binjiang.desk</c>).</summary>
public static partial class Usernames
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool IsValid(string? username) => username is not null && Shape().IsMatch(username);
}
