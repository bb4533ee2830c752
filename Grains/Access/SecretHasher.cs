using Microsoft.AspNetCore.Identity;

namespace Occupancy.Grains.Access;

/// <summary>
/// Passwords and PINs hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (salted PBKDF2). Hashing is slow on
/// purpose, so it runs off the grain's scheduler thread; an unknown credential is checked against a dummy hash so that
/// a wrong name and a wrong password take the same time.
/// </summary>
public static class SecretHasher
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Nobody = new();
    private static readonly Lazy<string> Dummy = new(() => Hasher.HashPassword(Nobody, "not a secret of anyone"));

    public static Task<string> Hash(string secret) => Task.Run(() => Hasher.HashPassword(Nobody, secret));

    /// <summary>Whether <paramref name="secret"/> matches; null <paramref name="hash"/> (no such credential) never does.</summary>
    public static Task<bool> Verify(string? hash, string secret) => Task.Run(() =>
    {
        var result = Hasher.VerifyHashedPassword(Nobody, hash ?? Dummy.Value, secret);
        return hash is not null && result != PasswordVerificationResult.Failed;
    });
}
