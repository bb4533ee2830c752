namespace Occupancy.Grains.Notices;

/// <summary>Who receives a member's notices, by their preferences.</summary>
public static class NoticeRecipients
{
    /// <summary>The channel that applies: the chosen one, else the own phone when there is one, else the family.</summary>
    public static NoticeChannel Effective(NoticePreferences? preferences, string? ownPhone) =>
        preferences?.Channel ?? (ownPhone is not null ? NoticeChannel.OwnPhone : NoticeChannel.Family);

    /// <summary>
    /// The recipients: the member at their own phone, or each family member with a phone (members without one are
    /// skipped; nobody to send to leaves the notice only listed). One per member, whatever the family list repeats.
    /// </summary>
    public static IReadOnlyList<NoticeRecipient> Of(
        string memberId, NoticePreferences? preferences, string? ownPhone, IReadOnlyList<NoticeRecipient> familyWithPhones) =>
        Effective(preferences, ownPhone) switch
        {
            NoticeChannel.OwnPhone => ownPhone is null ? [] : [new NoticeRecipient(memberId, ownPhone)],
            NoticeChannel.Family => [.. familyWithPhones.Where(f => f.MemberId != memberId).DistinctBy(f => f.MemberId)],
            _ => [],
        };
}
