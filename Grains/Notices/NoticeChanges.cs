namespace Occupancy.Grains.Notices;

/// <summary>
/// What a producer asks of a member's notices at once: reminders to withdraw, then notices to enqueue. Taken in one
/// store write, so the confirmation and reminder of a booking cost one write, not one each. With
/// <see cref="Contact"/> (from the member's own grain), the notices are fanned out and decided in that same write.
/// </summary>
[GenerateSerializer, Immutable, Alias("NoticeChanges")]
public sealed record NoticeChanges(
    [property: Id(0)] IReadOnlyList<Notice> Enqueue,
    [property: Id(1)] IReadOnlyList<string> Withdraw,
    [property: Id(2)] MemberContact? Contact = null);
