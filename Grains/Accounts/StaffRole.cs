namespace Occupancy.Grains.Accounts;

/// <summary>What a staff account may do: staff act within their sites, an admin everywhere.</summary>
public enum StaffRole
{
    Staff,
    Admin,
}
