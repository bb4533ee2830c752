using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Sessions;

namespace Occupancy.Api.Apis;

internal static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions", async (string? siteId, string? facilityId, string? from, string? to, IGrainFactory grains) =>
            {
                if (siteId is not null && !Ids.IsValid(siteId)) return ProblemResponses.InvalidId("siteId");
                if (facilityId is not null && !Ids.IsValid(facilityId)) return ProblemResponses.InvalidId("facilityId");
                if (!TryDate(from, out var fromDate)) return ProblemResponses.Invalid("from", "from is a local date YYYY-MM-DD.");
                if (!TryDate(to, out var toDate)) return ProblemResponses.Invalid("to", "to is a local date YYYY-MM-DD.");
                // The day listings keep each session's JSON: the body is joined from it, not serialised again here.
                var found = await grains.GetGrain<ISessionFinderGrain>(0).FindJson(new SessionQuery(siteId, facilityId, fromDate, toDate));
                return found.Problem is { } problem ? ProblemResponses.For(problem) : (IResult)new JsonBytesResult(found.Value!.Utf8);
            })
            .WithTags("Sessions")
            .Produces<IReadOnlyList<SessionSnapshot>>()
            .Gives(ProblemCodes.InvalidId, ProblemCodes.InvalidRequest, ProblemCodes.NotFound)
            .Describe("findSessions", "Find sessions", "Sessions of a site or facility ordered by start; from today for 7 days by default, at most 31 days.");

        var api = app.MapGroup("/api/sessions/{sessionId}").WithTags("Sessions").ValidatesRouteIds();

        api.MapGet("", async (string sessionId, IGrainFactory grains) =>
                (await grains.GetGrain<ISessionGrain>(sessionId).Get()).OrNotFound($"Session '{sessionId}'"))
            .Produces<SessionSnapshot>()
            .Gives(ProblemCodes.NotFound)
            .Describe("getSession", "Read a session", "A session: seats booked and available, waitlist, booking window and status.");

        api.MapPut("", async (string sessionId, SessionDefinition definition, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<ISessionGrain>(sessionId).Define(definition, context.Actor())).ToDefinitionResult($"/api/sessions/{sessionId}"))
            .Produces<SessionSnapshot>()
            .Produces<SessionSnapshot>(StatusCodes.Status201Created)
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.InvalidState)
            .Describe("defineSession", "Create or replace a session", "Creates (201) or replaces (200) a session (staff of its site); capacity below the booked seats is 409 invalid-state.")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapPost("/cancel", (string sessionId, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey, HttpContext context, IGrainFactory grains) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<ISessionGrain>(sessionId).Cancel(context.Actor(), key)).ToResult()))
            .Produces<SessionSnapshot>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("cancelSession", "Cancel a session", "Cancels the session and every booking in it (staff of its site).")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapGet("/bookings", async (string sessionId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<ISessionGrain>(sessionId).ListBookings(context.Actor())).ToResult())
            .Produces<IReadOnlyList<BookingSnapshot>>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("listSessionBookings", "List a session's bookings", "Staff of the session's site: every booking, seats in arrival order, then the waitlist in order, then ended ones.")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapPost("/bookings", (string sessionId, BookingRequest request, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey,
                    HttpContext context, IGrainFactory grains) =>
                IdempotencyHeader.ForEntity(context, idempotencyKey, async key =>
                    (await grains.GetGrain<ISessionGrain>(sessionId).Book(request, context.Actor(), key))
                        .ToCreatedResult(booking => $"/api/sessions/{sessionId}/bookings/{booking.BookingId}")))
            .Produces<BookingSnapshot>(StatusCodes.Status201Created)
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden, ProblemCodes.NotFound, ProblemCodes.Full, ProblemCodes.AlreadyBooked,
                ProblemCodes.Overlap, ProblemCodes.NotEligible, ProblemCodes.LimitReached, ProblemCodes.Blocked, ProblemCodes.BookingNotOpen,
                ProblemCodes.BookingClosed)
            .Describe("bookSeat", "Book a seat", "Books a seat (confirmed) or a waitlist place (waitlisted, with its position) for a resident themself, a member "
                + "whose family lists them, or anyone by staff of the session's site. bookedBy is taken from the token (the resident's "
                + "member id, or \"staff\"); a bookedBy in the body is ignored.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        api.MapGet("/bookings/{bookingId}", async (string sessionId, string bookingId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<ISessionGrain>(sessionId).GetBooking(bookingId, context.Actor())).ToResult())
            .Produces<BookingSnapshot>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("getBooking", "Read a booking", "One booking and its status: its member, their family, staff of the session's site.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        api.MapDelete("/bookings/{bookingId}", (string sessionId, string bookingId, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey,
                    HttpContext context, IGrainFactory grains) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<ISessionGrain>(sessionId).CancelBooking(bookingId, context.Actor(), key)).ToResult()))
            .Produces<BookingSnapshot>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound, ProblemCodes.InvalidState)
            .Describe("cancelBooking", "Cancel a booking", "Cancels a confirmed or waitlisted booking (late after cancelFreeUntil); a cancelled one answers the same again. "
                + "Its member, their family, staff of the session's site.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        api.MapPost("/bookings/{bookingId}/check-in", (string sessionId, string bookingId,
                    [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey, HttpContext context, IGrainFactory grains) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<ISessionGrain>(sessionId).CheckIn(bookingId, context.Actor(), key)).ToResult()))
            .Produces<BookingSnapshot>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound, ProblemCodes.InvalidState)
            .Describe("checkIn", "Check a booking in", "Checks a confirmed booking in, from 30 minutes before the start: staff of the session's site or its kiosk, never a resident.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        return app;
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null) return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        date = parsed;
        return true;
    }
}
