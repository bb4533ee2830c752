using Occupancy.Grains.Accounts;

namespace Occupancy.Grains.Catalog;

/// <summary>A demo staff account. Its password is public on purpose (demo data, listed in the README).</summary>
public sealed record CatalogStaff(string Username, string Name, string Role, IReadOnlyList<string> Sites, string Password)
{
    public StaffAccountDefinition ToDefinition() => new(Name, Enum.Parse<StaffRole>(Role, ignoreCase: true), Sites, Password);
}
