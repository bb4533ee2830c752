using Occupancy.Grains.Members;

namespace Occupancy.Grains.Sessions;

/// <summary>How the session's state is shown: to members, their lists and screens.</summary>
internal sealed partial class SessionGrain
{
    private BookingSnapshot ToSnapshot(Booking b) =>
        new(b.BookingId, Id, b.MemberId, b.Status, b.Status == BookingStatus.Waitlisted ? b.WaitlistPosition : null, b.BookedBy,
            b.Status == BookingStatus.Cancelled ? b.Late ?? false : null, b.CreatedAt, b.UpdatedAt);

    private MemberBookingChange ToChange(Booking b, SessionState s)
    {
        var d = s.Definition!;
        return new MemberBookingChange(b.BookingId, Id, d.SiteId, d.Title, d.TitleEn, d.Category, d.StartsAt, d.EndsAt, b.Status,
            b.Status == BookingStatus.Waitlisted ? b.WaitlistPosition : null, b.Status == BookingStatus.Cancelled ? b.Late ?? false : null,
            b.CreatedAt, b.Version, d.Place, s.TimeZone, b.Promoted, b.Status == BookingStatus.Cancelled ? b.CancelledBy : null, b.UpdatedAt);
    }

    private SessionSnapshot Snapshot(SessionState s)
    {
        var d = s.Definition!;
        int booked = 0, waitlisted = 0;
        foreach (var b in s.Bookings.Values)
        {
            if (b.HasSeat) booked++;
            else if (b.Status == BookingStatus.Waitlisted) waitlisted++;
        }
        var status = s.Cancelled ? SessionStatus.Cancelled
            : s.Phase switch
            {
                SessionPhase.NotYetOpen => SessionStatus.NotYetOpen,
                SessionPhase.Open => SessionStatus.Open,
                _ => SessionStatus.Closed,
            };
        return new SessionSnapshot(Id, d.SiteId, d.FacilityId, d.Title, d.TitleEn, d.Category, d.Place, d.StartsAt, d.EndsAt,
            d.Capacity, booked, Math.Max(0, d.Capacity - booked), d.WaitlistCapacity, waitlisted,
            d.BookingOpensAt, d.BookingClosesAt, d.CancelFreeUntil, (d.Eligibility ?? Eligibility.Everyone).Normalized(), status,
            d.NoShowAfterMinutes ?? _options.NoShowAfterMinutes, s.Version, s.UpdatedAt);
    }
}
