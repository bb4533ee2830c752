namespace Occupancy.Grains.Notices;

/// <summary>The <c>Notifications</c> section: where notices go and how delivery retries.</summary>
public sealed class NoticeOptions
{
    /// <summary>The operator's SMS or messaging gateway; null: notices are only listed (REST, dashboard, file mirror).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The HMAC-SHA256 key the webhook body is signed with (header <see cref="NoticeSignature.Header"/>).</summary>
    public string? Secret { get; set; }

    /// <summary>Optional JSON-lines file every delivered or listed delivery is appended to, once per delivery id.</summary>
    public string? File { get; set; }

    /// <summary>A webhook call that has not answered by then failed (and is retried).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry's back-off; doubled each attempt up to <see cref="RetryMax"/>, jittered.</summary>
    public TimeSpan RetryFirst { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A notice with no usefulUntil is abandoned this long after it was raised.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Period of the reminder an outbox with open deliveries keeps, so a restarted silo resumes delivery; also how
    /// often a held notice looks at the domain clock again.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Webhook calls one member's outbox makes at once.</summary>
    public int MaxParallelSends { get; set; } = 4;
}
