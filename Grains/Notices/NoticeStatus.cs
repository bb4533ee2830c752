namespace Occupancy.Grains.Notices;

/// <summary>Where a notice, or one delivery of it, stands.</summary>
public enum NoticeStatus
{
    /// <summary>Due to be sent, or being retried.</summary>
    Pending,

    /// <summary>Waiting for its <c>notBefore</c> or for the member's quiet hours to end.</summary>
    Held,

    /// <summary>The gateway answered 2xx.</summary>
    Delivered,

    /// <summary>No gateway is configured, or nobody to send to: the list is where the notice went.</summary>
    Listed,

    /// <summary>Abandoned: no longer useful (its <c>usefulUntil</c> passed) or retried for too long.</summary>
    Failed,

    /// <summary>Withdrawn by its producer before it was delivered.</summary>
    Withdrawn,
}
