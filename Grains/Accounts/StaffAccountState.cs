using Occupancy.Grains.Access;

namespace Occupancy.Grains.Accounts;

[GenerateSerializer, Alias("StaffAccountState")]
internal sealed class StaffAccountState
{
    /// <summary>Null when the account was never created or has been removed.</summary>
    [Id(0)] public StaffAccountView? Account { get; set; }
    [Id(1)] public string? PasswordHash { get; set; }
    [Id(2)] public CredentialAttempts Attempts { get; set; } = new();
}
