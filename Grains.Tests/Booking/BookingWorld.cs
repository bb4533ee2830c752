using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>
/// A fresh site with a gym for one test, with ids of its own, so tests sharing the cluster never meet.
/// Sessions are placed relative to the fake clock's current time (which only moves forward).
/// </summary>
public sealed class BookingWorld(BookingClusterFixture fixture)
{
    public string Prefix { get; } = "t" + Guid.NewGuid().ToString("N")[..10];

    public string SiteId => $"{Prefix}-site";

    public string GymId => $"{Prefix}-gym";

    public IGrainFactory Grains => fixture.Client;

    public DateTimeOffset Now => fixture.Time.GetUtcNow();

    public static async Task<BookingWorld> CreateAsync(BookingClusterFixture fixture)
    {
        var world = new BookingWorld(fixture);
        var site = await world.Grains.GetGrain<ISiteGrain>(world.SiteId).Define(new SiteDefinition("测试社区", "Asia/Shanghai", "Test community", "测试区"), Actor.System);
        Assert.True(site.Succeeded, site.Problem?.Detail);
        var gym = await world.Grains.GetGrain<IFacilityGrain>(world.GymId)
            .Define(new FacilityDefinition(world.SiteId, FacilityKind.Gym, "百姓健身房", 40, "Residents' Gym"), Actor.System);
        Assert.True(gym.Succeeded, gym.Problem?.Detail);
        return world;
    }

    /// <summary>A session open for booking now unless told otherwise: window opened an hour ago, closes 10 minutes before the start.</summary>
    public SessionDefinition Definition(
        TimeSpan? startsIn = null,
        int capacity = 10,
        int waitlist = 5,
        TimeSpan? length = null,
        BookingCategory category = BookingCategory.Class,
        Eligibility? eligibility = null,
        TimeSpan? opensIn = null,
        string title = "瑜伽")
    {
        var starts = Now + (startsIn ?? TimeSpan.FromHours(3));
        return new SessionDefinition(SiteId, GymId, title, category, starts, starts + (length ?? TimeSpan.FromHours(1)), capacity,
            Now + (opensIn ?? TimeSpan.FromHours(-1)), starts - TimeSpan.FromMinutes(10), starts - TimeSpan.FromHours(2),
            waitlist, "Yoga", "操课室", eligibility);
    }

    public async Task<ISessionGrain> SessionAsync(string name, SessionDefinition definition)
    {
        var session = Grains.GetGrain<ISessionGrain>($"{Prefix}-{name}");
        var outcome = await session.Define(definition, Actor.System);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        return session;
    }

    public Task<ISessionGrain> SessionAsync(string name = "yoga", int capacity = 10, int waitlist = 5, TimeSpan? startsIn = null) =>
        SessionAsync(name, Definition(startsIn, capacity, waitlist));

    public async Task<string> MemberAsync(string name, AgeGroup ageGroup = AgeGroup.Adult, bool resident = true, AnnualCard? card = null,
        IReadOnlyList<string>? family = null, string? phone = null)
    {
        var id = $"{Prefix}-{name}";
        var outcome = await Grains.GetGrain<IMemberGrain>(id).Define(new MemberProfile(name, phone, SiteId, ageGroup, resident, card, family), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        return id;
    }

    public IMemberGrain Member(string id) => Grains.GetGrain<IMemberGrain>(id);

    /// <summary>Books as <paramref name="actor"/>; by default the member books for themself.</summary>
    public async Task<BookingSnapshot> BookAsync(ISessionGrain session, string memberId, Actor? actor = null)
    {
        var outcome = await session.Book(new BookingRequest(memberId), actor ?? Actor.ResidentOf(memberId));
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        return outcome.Value!;
    }

    /// <summary>Waits until the member's own list shows the booking in the given state (the outbox has delivered).</summary>
    public Task MemberSeesAsync(string memberId, string bookingId, BookingStatus status, int? position = null) =>
        Eventually.Until(async () =>
        {
            var bookings = await Member(memberId).GetBookings(Actor.System);
            return bookings.Value?.Bookings.Any(b => b.BookingId == bookingId && b.Status == status && (position is null || b.WaitlistPosition == position)) == true;
        }, $"member {memberId} sees booking {bookingId} as {status}{(position is null ? "" : $" at position {position}")}");
}
