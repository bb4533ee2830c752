using System.Text.Json;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sessions.Listing;

namespace Occupancy.Grains.Tests.Sites;

/// <summary>The day listing's rules, without a cluster: pushes and answers in any order, moves, and whom to ask.</summary>
public sealed class DayListingTests
{
    private const string Day = "fuming/2026-11-30";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Versions_never_go_back_whatever_order_pushes_arrive_in()
    {
        var updates = Enumerable.Range(1, 6).Select(v => Entry("yoga", v, booked: v)).ToArray();
        foreach (var order in Permutations(updates))
        {
            var listing = new DayListing(Day);
            foreach (var update in order) listing.Apply("yoga", update, Now);

            var shown = Assert.Single(listing.Sessions());
            Assert.Equal(6, shown.Version);
            Assert.Equal(6, shown.Booked);
        }
    }

    [Fact]
    public void A_session_that_moved_to_another_day_leaves_and_an_older_push_does_not_bring_it_back()
    {
        var listing = new DayListing(Day);
        listing.Apply("yoga", Entry("yoga", 4), Now);
        listing.Apply("yoga", Entry("yoga", 5, day: "fuming/2026-12-01"), Now);
        listing.Apply("yoga", Entry("yoga", 3), Now);

        Assert.Empty(listing.Sessions());
        listing.Apply("yoga", Entry("yoga", 7), Now);
        Assert.Equal(7, Assert.Single(listing.Sessions()).Version);
    }

    [Fact]
    public void Each_listed_session_carries_the_contract_json_of_its_newest_version()
    {
        var listing = new DayListing(Day);
        listing.Apply("yoga", Entry("yoga", 1, booked: 1), Now);
        Assert.Equal(1, Shown(Assert.Single(listing.Listed())).GetProperty("booked").GetInt32());

        listing.Apply("yoga", Entry("yoga", 3, booked: 3), Now);
        listing.Apply("yoga", Entry("yoga", 2, booked: 2), Now);

        var listed = Assert.Single(listing.Listed());
        Assert.Equal((3, 3), (Shown(listed).GetProperty("version").GetInt64(), Shown(listed).GetProperty("booked").GetInt32()));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(listed.Snapshot, OccupancyJson.HttpBody), listed.Json);
        listing.Apply("yoga", Entry("yoga", 4, day: "fuming/2026-12-01"), Now);
        Assert.Empty(listing.Listed());
    }

    private static JsonElement Shown(ListedSession listed) => JsonDocument.Parse(listed.Json).RootElement;

    [Fact]
    public void Listings_are_ordered_by_start_then_id()
    {
        var listing = new DayListing(Day);
        listing.Apply("b", Entry("b", 1, startsAt: Now.AddHours(2)), Now);
        listing.Apply("c", Entry("c", 1, startsAt: Now.AddHours(1)), Now);
        listing.Apply("a", Entry("a", 1, startsAt: Now.AddHours(2)), Now);

        Assert.Equal(["c", "a", "b"], listing.Sessions().Select(s => s.Id));
    }

    [Fact]
    public void It_asks_sessions_it_never_heard_of_those_gone_from_the_calendar_and_those_quiet_for_long()
    {
        var listing = new DayListing(Day);
        listing.Apply("heard", Entry("heard", 2), Now);
        listing.Apply("moved", Entry("moved", 2), Now);
        listing.Apply("quiet", Entry("quiet", 2), Now - TimeSpan.FromMinutes(11));

        var ask = listing.ToAsk(["heard", "quiet", "new"], Now, TimeSpan.FromMinutes(10));

        Assert.Equal(["moved", "new", "quiet"], ask);
    }

    [Fact]
    public void Sessions_whose_window_the_clock_has_passed_are_behind()
    {
        var listing = new DayListing(Day);
        listing.Apply("opening", Entry("opening", 1, status: SessionStatus.NotYetOpen, opensAt: Now), Now);
        listing.Apply("closing", Entry("closing", 1, status: SessionStatus.Open, closesAt: Now), Now);
        listing.Apply("open", Entry("open", 1, status: SessionStatus.Open, closesAt: Now.AddMinutes(1)), Now);
        listing.Apply("cancelled", Entry("cancelled", 1, status: SessionStatus.Cancelled, closesAt: Now.AddMinutes(-1)), Now);

        Assert.Equal(["closing", "opening"], listing.BehindTheClock(Now).Order(StringComparer.Ordinal));
    }

    private static SessionListingEntry Entry(string id, long version, int booked = 0, string day = Day, DateTimeOffset? startsAt = null,
        SessionStatus status = SessionStatus.Open, DateTimeOffset? opensAt = null, DateTimeOffset? closesAt = null)
    {
        var starts = startsAt ?? Now.AddHours(3);
        return new SessionListingEntry(new SessionSnapshot(id, "fuming", "fuming-gym", "瑜伽", "Yoga", BookingCategory.Class, null, starts, starts.AddHours(1),
            20, booked, 20 - booked, 5, 0, opensAt ?? Now.AddDays(-1), closesAt ?? starts.AddMinutes(-10), starts.AddHours(-2), Eligibility.Everyone, status, 15,
            version, Now), day);
    }

    private static IEnumerable<T[]> Permutations<T>(T[] items) =>
        items.Length <= 1 ? [items] : items.SelectMany((item, i) => Permutations(items.Where((_, j) => j != i).ToArray()).Select(rest => new[] { item }.Concat(rest).ToArray()));
}
