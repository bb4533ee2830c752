using Microsoft.Extensions.Options;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sites;
using Orleans.Concurrency;

namespace Occupancy.Grains.Checkin;

/// <summary>
/// Reads and forwards only: the check-in itself is the session's (its rules, its ledger, its no-show time) and the
/// visit the canteen desk's, so a kiosk scan and a click at the desk can never disagree.
/// </summary>
[StatelessWorker]
internal sealed class CheckinDeskGrain(DomainClock clock, IOptions<BookingOptions> options) : Grain, ICheckinDeskGrain
{
    private string SiteId => this.GetPrimaryKeyString();

    public async Task<Outcome<CheckinPass>> BookingPass(string sessionId, string bookingId, Actor actor)
    {
        var session = GrainFactory.GetGrain<ISessionGrain>(sessionId);
        var booking = await session.GetBooking(bookingId, actor);
        if (booking.Problem is { } refused) return refused;
        var b = booking.Value!;
        if (b.Status is not (BookingStatus.Confirmed or BookingStatus.CheckedIn))
            return new Problem(ProblemCodes.InvalidState, $"A booking that is {b.Status.ToString().ToLowerInvariant()} has no code: only a seat is checked in.");
        var s = (await session.Get())!;
        var member = await MemberDirectory.Read(GrainFactory, b.MemberId);
        var card = await GrainFactory.GetGrain<IMemberCardGrain>(b.MemberId).CardNumberOrAssign();
        return new CheckinPass(b.MemberId, NameInitial.Of(member?.Name), card, s.SiteId, sessionId, bookingId, s.Title, s.TitleEn, s.StartsAt, s.EndsAt);
    }

    public async Task<Outcome<CheckinPass>> MemberPass(string memberId, Actor actor)
    {
        var read = await GrainFactory.GetGrain<IMemberGrain>(memberId).Get(actor);
        if (read.Problem is { } refused) return refused;
        if (read.Value is not MemberView member) return Actor.Forbidden($"read the membership code of member '{memberId}'");
        var card = await GrainFactory.GetGrain<IMemberCardGrain>(memberId).CardNumberOrAssign();
        return new CheckinPass(memberId, NameInitial.Of(member.Name), card, member.HomeSiteId);
    }

    public async Task<Outcome<ScanAnswer>> Scan(Scan scan, Actor actor, IdempotencyKey? idempotencyKey = null)
    {
        if (!actor.IsSiteDeviceOf(SiteId) && !actor.IsStaffOf(SiteId)) return Actor.Forbidden($"scan codes at site '{SiteId}'");
        if (await GrainFactory.GetGrain<ISiteGrain>(SiteId).Get() is null) return Problem.NotFound("The site");
        var now = clock.UtcNow;
        var at = scan.ScannedAt is { } scanned && scanned < now ? scanned : now;
        switch (scan.Kind)
        {
            case ScanKind.ExpiredCode:
                return ScanAnswer.Of(ScanOutcome.CodeExpired);
            case ScanKind.Booking:
                return await CheckInAsync(scan.SessionId!, scan.BookingId!, at, actor, idempotencyKey);
        }

        string memberId;
        if (scan.Kind == ScanKind.Card)
        {
            var signIn = await GrainFactory.ResidentCard(scan.CardNumber!).SignIn(scan.Pin!);
            if (signIn.Verdict == SignInVerdict.Locked) return ScanAnswer.Of(ScanOutcome.CardLocked);
            if (signIn.Verdict != SignInVerdict.Granted || signIn.Actor?.MemberId is not { } signedIn) return ScanAnswer.Of(ScanOutcome.WrongPin);
            memberId = signedIn;
        }
        else memberId = scan.MemberId!;

        var initial = NameInitial.Of((await MemberDirectory.Read(GrainFactory, memberId))?.Name);
        if (scan.CanteenId is { } canteenId) return await VisitAsync(canteenId, memberId, initial, at, actor);
        var open = await OpenBookingAsync(memberId, at);
        return open is null
            ? ScanAnswer.Of(ScanOutcome.NoBooking, initial)
            : await CheckInAsync(open.SessionId, open.BookingId, at, actor, idempotencyKey);
    }

    /// <summary>The session decides; its refusal is told apart by the booking it refused.</summary>
    private async Task<Outcome<ScanAnswer>> CheckInAsync(string sessionId, string bookingId, DateTimeOffset at, Actor actor, IdempotencyKey? key)
    {
        var session = GrainFactory.GetGrain<ISessionGrain>(sessionId);
        var definition = await session.Get();
        if (definition is null) return ScanAnswer.Of(ScanOutcome.UnknownBooking);
        if (definition.SiteId != SiteId) return ScanAnswer.Of(ScanOutcome.WrongSite);
        var moved = await session.CheckIn(bookingId, actor, key, at);
        if (moved.Value is { } done)
        {
            var initial = NameInitial.Of((await MemberDirectory.Read(GrainFactory, done.MemberId))?.Name);
            // Checked in before this scan was made: someone else (the desk, an earlier scan) did it.
            var outcome = done.UpdatedAt < at ? ScanOutcome.AlreadyCheckedIn : ScanOutcome.CheckedIn;
            return About(ScanAnswer.Of(outcome, initial), definition);
        }
        var problem = moved.Problem!;
        if (problem.Code == ProblemCodes.NotFound) return ScanAnswer.Of(ScanOutcome.UnknownBooking);
        if (problem.Code != ProblemCodes.InvalidState) return problem;
        var booking = (await session.GetBooking(bookingId, Actor.System)).Value;
        var who = NameInitial.Of((await MemberDirectory.Read(GrainFactory, booking?.MemberId ?? ""))?.Name);
        var refusal = booking?.Status switch
        {
            BookingStatus.Cancelled or BookingStatus.Expired => ScanOutcome.Cancelled,
            BookingStatus.Waitlisted => ScanOutcome.NotConfirmed,
            BookingStatus.Confirmed when at < definition.StartsAt => ScanOutcome.TooEarly,
            _ => ScanOutcome.TooLate,
        };
        return About(ScanAnswer.Of(refusal, who), definition);
    }

    private static ScanAnswer About(ScanAnswer answer, SessionSnapshot session) =>
        answer with { Title = session.Title, TitleEn = session.TitleEn, StartsAt = session.StartsAt };

    /// <summary>The member's seat at this site whose check-in window holds <paramref name="at"/>, the soonest first.</summary>
    private async Task<MemberBookingView?> OpenBookingAsync(string memberId, DateTimeOffset at)
    {
        var bookings = (await GrainFactory.GetGrain<IMemberGrain>(memberId).GetBookings(Actor.System)).Value;
        var o = options.Value;
        var candidates = (bookings?.Bookings ?? [])
            .Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.CheckedIn)
            .Where(b => b.StartsAt - o.CheckInOpensBefore <= at && at < b.EndsAt)
            .OrderBy(b => b.Status == BookingStatus.CheckedIn).ThenBy(b => b.StartsAt);
        foreach (var candidate in candidates)
        {
            if ((await GrainFactory.GetGrain<ISessionGrain>(candidate.SessionId).Get())?.SiteId == SiteId) return candidate;
        }
        return null;
    }

    private async Task<Outcome<ScanAnswer>> VisitAsync(string canteenId, string memberId, string? initial, DateTimeOffset at, Actor actor)
    {
        var canteen = await GrainFactory.GetGrain<ICanteenGrain>(canteenId).Get();
        if (canteen is null) return Problem.Invalid("canteenId", $"canteenId names no canteen of site '{SiteId}'.");
        if (canteen.SiteId != SiteId) return ScanAnswer.Of(ScanOutcome.WrongSite, initial);
        var card = await GrainFactory.GetGrain<IMemberCardGrain>(memberId).CardNumberOrAssign();
        if (card is null) return ScanAnswer.Of(ScanOutcome.UnknownBooking);
        var visit = await GrainFactory.GetGrain<ICanteenVisitDeskGrain>(canteenId).Record(new VisitRequest(CardNumber: card), actor, at);
        if (visit.Problem is { } problem)
            return problem.Code == ProblemCodes.InvalidState ? ScanAnswer.Of(ScanOutcome.NoMealNow, initial) : problem;
        var v = visit.Value!;
        return ScanAnswer.Of(v.AlreadyCounted ? ScanOutcome.AlreadyCounted : ScanOutcome.VisitRecorded, initial) with { Meal = v.Meal };
    }
}
