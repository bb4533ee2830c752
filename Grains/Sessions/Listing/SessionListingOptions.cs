namespace Occupancy.Grains.Sessions.Listing;

/// <summary>How the site's day listings keep up with their sessions (silo configuration section "Listing").</summary>
public sealed class SessionListingOptions
{
    /// <summary>A listing compares itself with its calendar this often while active (sessions it has never heard of).</summary>
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A session not heard from for this long is asked again: the catch-up for a push lost in a crash.</summary>
    public TimeSpan ConfirmAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A listing waits this long for a session it asks; one that does not answer is shown as last known.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A session whose push failed tries again after this long, doubling up to <see cref="PushRetryMax"/>.</summary>
    public TimeSpan PushRetryFirst { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan PushRetryMax { get; set; } = TimeSpan.FromSeconds(10);
}
