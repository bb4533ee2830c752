using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sessions.Listing;

namespace Occupancy.Grains.Tests.Sites;

/// <summary>
/// The days the finder asks before it knows the site's time zone must hold the whole answer in every zone: the
/// default week from the site's local today, and exactly the dates asked for.
/// </summary>
public sealed class ListingDaysTests
{
    [Fact]
    public void The_default_week_of_any_zone_lies_within_the_days_asked_early()
    {
        var start = new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero);
        for (var minutes = 0; minutes < 48 * 60; minutes += 15)
        {
            var now = start.AddMinutes(minutes);
            var (first, last) = ListingDays.Covering(new SessionQuery("fuming"), now)!.Value;
            for (var offset = -12 * 60; offset <= 14 * 60; offset += 15)
            {
                var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromMinutes(offset)).DateTime);
                Assert.True(first <= today && today.AddDays(SessionQuery.DefaultDays - 1) <= last,
                    $"at {now:u} in UTC{offset / 60.0:+0.##;-0.##}, the week from {today} is not within {first}…{last}");
            }
        }
    }

    [Fact]
    public void Explicit_dates_are_asked_as_given_and_an_invalid_range_is_left_to_the_finder()
    {
        var now = DateTimeOffset.UtcNow;
        var day = new DateOnly(2026, 12, 3);

        Assert.Equal((day, day.AddDays(2)), ListingDays.Covering(new SessionQuery("fuming", From: day, To: day.AddDays(2)), now));
        Assert.Equal((day, day.AddDays(6)), ListingDays.Covering(new SessionQuery("fuming", From: day), now));
        Assert.Equal((day.AddDays(-6), day), ListingDays.Covering(new SessionQuery("fuming", To: day), now));
        Assert.Equal((DateOnly.MinValue, DateOnly.MinValue), ListingDays.Covering(new SessionQuery("fuming", To: DateOnly.MinValue), now));
        Assert.Null(ListingDays.Covering(new SessionQuery("fuming", From: day, To: day.AddDays(-1)), now));
        Assert.Null(ListingDays.Covering(new SessionQuery("fuming", From: day, To: day.AddDays(SessionQuery.MaxDays)), now));
    }
}
