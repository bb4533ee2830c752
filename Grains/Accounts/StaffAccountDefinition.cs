namespace Occupancy.Grains.Accounts;

/// <summary>
/// A staff account as an administrator defines it (the body of PUT /api/admin/staff/{username}). The password is
/// required when the account is created and optional afterwards (kept when absent); it is stored only as a hash.
/// </summary>
[GenerateSerializer, Immutable, Alias("StaffAccountDefinition")]
public sealed record StaffAccountDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] StaffRole Role,
    [property: Id(2)] IReadOnlyList<string>? Sites = null,
    [property: Id(3)] string? Password = null)
{
    public const int MinPassword = 10;
    public const int MaxPassword = 200;
    public const int MaxSites = 50;

    public IReadOnlyList<string> SitesOrEmpty => Sites ?? [];

    public Problem? Validate(bool creating)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100) return Problem.Invalid("name", "name is required (at most 100 characters).");
        if (!Enum.IsDefined(Role)) return Problem.Invalid("role", "role is staff or admin.");
        if (SitesOrEmpty.Count > MaxSites) return Problem.Invalid("sites", $"sites lists at most {MaxSites} sites.");
        if (SitesOrEmpty.Any(site => !Ids.IsValid(site))) return Problem.InvalidId("sites");
        if (Role == StaffRole.Staff && SitesOrEmpty.Count == 0) return Problem.Invalid("sites", "A staff account needs at least one site.");
        if (creating && Password is null) return Problem.Invalid("password", "password is required when the account is created.");
        if (Password is { Length: < MinPassword or > MaxPassword })
            return Problem.Invalid("password", $"password has {MinPassword} to {MaxPassword} characters.");
        return null;
    }

    // The password never appears in logs, traces or exception messages that print the record.
    public override string ToString() => $"StaffAccountDefinition {{ Name = {Name}, Role = {Role}, Sites = [{string.Join(", ", SitesOrEmpty)}] }}";
}
