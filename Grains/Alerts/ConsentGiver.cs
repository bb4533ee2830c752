namespace Occupancy.Grains.Alerts;

/// <summary>In what capacity consent was given.</summary>
public enum ConsentGiver
{
    /// <summary>The senior themself.</summary>
    Self,

    /// <summary>A family member the senior lists.</summary>
    Family,

    /// <summary>Staff of the home site (or an administrator), recording the senior's consent.</summary>
    Staff,
}
