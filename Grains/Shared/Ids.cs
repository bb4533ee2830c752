using System.Text.RegularExpressions;

namespace Occupancy.Grains;

/// <summary>Every id in the contract (site, facility, zone, canteen, table, session, member, booking) has one shape.</summary>
public static partial class Ids
{
    // \z, not $: a $ would also accept the id followed by a line feed.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool IsValid(string? id) => id is not null && Shape().IsMatch(id);
}
