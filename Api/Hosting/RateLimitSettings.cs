namespace Occupancy.Api.Hosting;

/// <summary>
/// Request budgets per window ("RateLimits" section). A signed-in caller is counted by subject, an anonymous one
/// by address, so a thousand residents behind one address each have their own budget.
/// </summary>
internal sealed class RateLimitSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>The window every budget below is counted in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Writes (POST, PUT, DELETE…) of one signed-in subject.</summary>
    public int SubjectWrites { get; set; } = 300;

    /// <summary>Reads of one signed-in subject.</summary>
    public int SubjectReads { get; set; } = 1200;

    /// <summary>Writes of anonymous callers from one address (sign-in attempts, mostly).</summary>
    public int AddressWrites { get; set; } = 60;

    /// <summary>Reads of anonymous callers from one address; screens read once and then follow the hub.</summary>
    public int AddressReads { get; set; } = 1200;

    /// <summary>Phone look-ups of one staff subject (each is audited).</summary>
    public int PhoneLookups { get; set; } = 10;
}
