namespace Occupancy.Grains.Access;

/// <summary>Recent failed sign-ins of one credential (a staff account or a resident card), kept in its grain's state.</summary>
[GenerateSerializer, Alias("CredentialAttempts")]
public sealed class CredentialAttempts
{
    /// <summary>Failures since the last success or the last lock.</summary>
    [Id(0)] public int Failures { get; set; }

    [Id(1)] public DateTimeOffset? LockedUntil { get; set; }
}
