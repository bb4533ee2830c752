using Occupancy.Api.Tests.Support;
using Occupancy.ApiClient;
using Occupancy.Grains.Access;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>
/// The published document (docs/openapi.json) is enough to use the Api: a client generated from it at build time
/// (Api.Client) runs the booking story end to end with no hand-written HTTP, and reads problems as typed objects with
/// their <c>code</c>. A document that drifts from what the Api answers breaks this test (or the client's build).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GeneratedClientTests(ApiFixture api)
{
    [Fact]
    public async Task A_client_generated_from_the_document_books_waitlists_cancels_and_sees_the_promotion()
    {
        // The fixture's clients carry a token from the tests' own helper; the generated client only adds the calls.
        var staff = Client(api.Http);
        var site = Catalog.NewId("site");
        var gym = Catalog.NewId("gym");
        var session = Catalog.NewId("yoga");
        await staff.DefineSiteAsync(site, new SiteDefinition { Name = "福明家园社区", TimeZone = "Asia/Shanghai" });
        await staff.DefineFacilityAsync(gym, new FacilityDefinition { SiteId = site, Kind = FacilityKind.Gym, Name = "百姓健身房", Capacity = 40 });
        var ann = await Member(staff, "ann");
        var bob = await Member(staff, "bob");
        // Whole seconds: the Api writes instants to the millisecond.
        var starts = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeSeconds());
        var defined = await staff.DefineSessionAsync(session, new SessionDefinition
        {
            SiteId = site, FacilityId = gym, Title = "瑜伽", Category = BookingCategory.Class, Capacity = 1, WaitlistCapacity = 5,
            StartsAt = starts, EndsAt = starts.AddHours(1),
            BookingOpensAt = DateTimeOffset.UtcNow.AddHours(-1), BookingClosesAt = starts.AddMinutes(-10), CancelFreeUntil = starts.AddHours(-2),
            Eligibility = new Eligibility { AgeGroups = [AgeGroup.Adult] },
        });

        // Ann books the one seat herself; staff book Bob, who waits; Ann cannot book twice.
        var annOwn = Client(api.ClientAs(Actor.ResidentOf(ann)));
        var seat = await annOwn.BookSeatAsync(session, idempotency_Key: null, new BookingRequest { MemberId = ann });
        var waiting = await staff.BookSeatAsync(session, idempotency_Key: null, new BookingRequest { MemberId = bob });
        var twice = await Assert.ThrowsAsync<OccupancyApiException<Problem>>(() => annOwn.BookSeatAsync(session, null, new BookingRequest { MemberId = ann }));

        Assert.Equal((SessionStatus.Open, 1, 5), (defined.Status, defined.Capacity, defined.WaitlistCapacity));
        Assert.Equal(starts, defined.StartsAt);
        Assert.Equal((BookingStatus.Confirmed, ann, null), (seat.Status, seat.BookedBy, seat.WaitlistPosition));
        Assert.Equal((BookingStatus.Waitlisted, 1), (waiting.Status, waiting.WaitlistPosition));
        Assert.Equal((409, ProblemCode.AlreadyBooked, 409, "/problems/already-booked"), (twice.StatusCode, twice.Result.Code, twice.Result.Status, twice.Result.Type));

        // Ann cancels in good time: her seat goes to Bob, whose own list (as he reads it) shows it confirmed.
        var cancelled = await annOwn.CancelBookingAsync(session, seat.BookingId, idempotency_Key: null);
        var bobOwn = Client(api.ClientAs(Actor.ResidentOf(bob)));
        var promoted = await Eventually.Value(() => bobOwn.GetBookingAsync(session, waiting.BookingId), b => b.Status == BookingStatus.Confirmed,
            "bob's waitlisted booking is promoted to the freed seat");
        var bobsList = await Eventually.Value(() => bobOwn.GetMemberBookingsAsync(bob), list => list.Any(b => b.Status == BookingStatus.Confirmed),
            "bob's own list shows his promotion");
        var after = await staff.GetSessionAsync(session);

        Assert.Equal((BookingStatus.Cancelled, false), (cancelled.Status, cancelled.Late));
        Assert.Null(promoted.WaitlistPosition);
        Assert.Equal((waiting.BookingId, session, "瑜伽", starts), (bobsList.Single().BookingId, bobsList.Single().SessionId, bobsList.Single().Title, bobsList.Single().StartsAt));
        Assert.Equal((1, 0, 1), (after.Booked, after.Waitlisted, after.Capacity));

        // Problems of other kinds come back typed too: Ann may not read Bob's bookings; an unknown session is not found.
        var stranger = await Assert.ThrowsAsync<OccupancyApiException<Problem>>(() => annOwn.GetMemberBookingsAsync(bob));
        var ghost = await Assert.ThrowsAsync<OccupancyApiException<Problem>>(() => staff.GetSessionAsync(Catalog.NewId("ghost")));
        Assert.Equal((403, ProblemCode.Forbidden), (stranger.StatusCode, stranger.Result.Code));
        Assert.Equal((404, ProblemCode.NotFound), (ghost.StatusCode, ghost.Result.Code));
    }

    /// <summary>The generated client over one of the fixture's HttpClients; it keeps each answer's text, so a failure shows the problem.</summary>
    private static OccupancyClient Client(HttpClient http) => new(http) { ReadResponseAsString = true };

    private static async Task<string> Member(OccupancyClient staff, string name)
    {
        var id = Catalog.NewId(name);
        var member = await staff.DefineMemberAsync(id, new MemberProfile { Name = name, AgeGroup = AgeGroup.Adult, Resident = true });
        Assert.Equal((id, 0), (member.Id, member.NoShows));
        return id;
    }
}
