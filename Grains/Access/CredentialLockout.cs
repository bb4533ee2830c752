namespace Occupancy.Grains.Access;

/// <summary>
/// Guessing a password or a PIN is slowed by locking the credential for a while after repeated failures. The lock is
/// per credential, so it holds whatever address or client the guesses come from; the caller writes the attempts
/// durably, so a restart forgets nothing.
/// </summary>
public static class CredentialLockout
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    /// <summary>How long the credential stays locked; null when it is not.</summary>
    public static TimeSpan? LockedFor(CredentialAttempts attempts, DateTimeOffset now) =>
        attempts.LockedUntil is { } until && until > now ? until - now : null;

    /// <summary>Records a failure; answers how long the credential is now locked (null while failures remain).</summary>
    public static TimeSpan? Failed(CredentialAttempts attempts, DateTimeOffset now)
    {
        if (attempts.LockedUntil is { } until && until <= now) attempts.LockedUntil = null;
        attempts.Failures++;
        if (attempts.Failures < MaxFailures) return null;
        attempts.Failures = 0;
        attempts.LockedUntil = now + LockFor;
        return LockFor;
    }

    /// <summary>Records a success; answers whether anything changed (and needs writing).</summary>
    public static bool Succeeded(CredentialAttempts attempts)
    {
        if (attempts.Failures == 0 && attempts.LockedUntil is null) return false;
        attempts.Failures = 0;
        attempts.LockedUntil = null;
        return true;
    }
}
