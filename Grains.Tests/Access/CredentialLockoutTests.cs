using Occupancy.Grains.Access;

namespace Occupancy.Grains.Tests.Access;

public sealed class CredentialLockoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_fifth_failure_locks_for_fifteen_minutes_and_the_lock_then_lifts()
    {
        var attempts = new CredentialAttempts();
        for (var i = 1; i < CredentialLockout.MaxFailures; i++) Assert.Null(CredentialLockout.Failed(attempts, Now));

        Assert.Equal(TimeSpan.FromMinutes(15), CredentialLockout.Failed(attempts, Now));
        Assert.Equal(TimeSpan.FromMinutes(10), CredentialLockout.LockedFor(attempts, Now.AddMinutes(5)));
        Assert.Null(CredentialLockout.LockedFor(attempts, Now.AddMinutes(15)));
    }

    [Fact]
    public void A_success_forgives_earlier_failures()
    {
        var attempts = new CredentialAttempts();
        for (var i = 1; i < CredentialLockout.MaxFailures; i++) CredentialLockout.Failed(attempts, Now);

        Assert.True(CredentialLockout.Succeeded(attempts));
        Assert.Null(CredentialLockout.Failed(attempts, Now));
        Assert.Null(CredentialLockout.LockedFor(attempts, Now));
    }

    [Fact]
    public void After_a_lock_lifts_the_next_five_failures_lock_again()
    {
        var attempts = new CredentialAttempts();
        for (var i = 0; i < CredentialLockout.MaxFailures; i++) CredentialLockout.Failed(attempts, Now);
        var later = Now.AddMinutes(16);

        for (var i = 1; i < CredentialLockout.MaxFailures; i++) Assert.Null(CredentialLockout.Failed(attempts, later));
        Assert.NotNull(CredentialLockout.Failed(attempts, later));
    }
}
