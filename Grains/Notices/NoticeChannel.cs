namespace Occupancy.Grains.Notices;

/// <summary>Who a member's notices go to.</summary>
public enum NoticeChannel
{
    /// <summary>The member's own phone.</summary>
    OwnPhone,

    /// <summary>The members the profile lists in <c>family</c>, at their phones.</summary>
    Family,

    /// <summary>Nobody: notices are only listed (staff still see them).</summary>
    None,
}
