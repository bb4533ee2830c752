namespace Occupancy.BenchPeer;

/// <summary>The contract's ids (<c>^[a-z0-9][a-z0-9-]{0,63}$</c>), checked before the database is asked.</summary>
internal static class PeerIds
{
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 64 } && IsLowerOrDigit(id[0]) && id.All(c => IsLowerOrDigit(c) || c == '-');

    private static bool IsLowerOrDigit(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
}
