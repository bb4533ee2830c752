using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
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
                return (await grains.GetGrain<ISessionFinderGrain>(0).Find(new SessionQuery(siteId, facilityId, fromDate, toDate))).ToResult();
            })
            .WithTags("Sessions")
            .WithSummary("Sessions of a site or facility ordered by start; from today for 7 days by default, at most 31 days.");

        var api = app.MapGroup("/api/sessions/{sessionId}").WithTags("Sessions").AddEndpointFilter<RouteIdFilter>();

        api.MapGet("", async (string sessionId, IGrainFactory grains) =>
                (await grains.GetGrain<ISessionGrain>(sessionId).Get()).OrNotFound($"Session '{sessionId}'"))
            .WithSummary("A session: seats booked and available, waitlist, booking window and status.");

        api.MapPut("", async (string sessionId, SessionDefinition definition, IGrainFactory grains) =>
                (await grains.GetGrain<ISessionGrain>(sessionId).Define(definition)).ToDefinitionResult($"/api/sessions/{sessionId}"))
            .WithSummary("Creates (201) or replaces (200) a session; capacity below the booked seats is 409 invalid-state.")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapPost("/cancel", (string sessionId, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey, IGrainFactory grains, HttpContext context) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<ISessionGrain>(sessionId).Cancel(key)).ToResult()))
            .WithSummary("Cancels the session and every booking in it.")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapGet("/bookings", async (string sessionId, IGrainFactory grains) =>
                (await grains.GetGrain<ISessionGrain>(sessionId).ListBookings()).OrNotFound($"Session '{sessionId}'"))
            .WithSummary("Staff view: every booking, seats in arrival order, then the waitlist in order, then ended ones.")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapPost("/bookings", (string sessionId, BookingRequest request, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey,
                    IGrainFactory grains, HttpContext context) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<ISessionGrain>(sessionId).Book(request, key))
                        .ToCreatedResult(booking => $"/api/sessions/{sessionId}/bookings/{booking.BookingId}")))
            .WithSummary("Books a seat (confirmed) or a waitlist place (waitlisted, with its position); bookedBy is the member, a family member or \"staff\".");

        api.MapGet("/bookings/{bookingId}", async (string sessionId, string bookingId, IGrainFactory grains) =>
                (await grains.GetGrain<ISessionGrain>(sessionId).GetBooking(bookingId)).OrNotFound($"Booking '{bookingId}'"))
            .WithSummary("One booking and its status.");

        api.MapDelete("/bookings/{bookingId}", (string sessionId, string bookingId, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey,
                    IGrainFactory grains, HttpContext context) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<ISessionGrain>(sessionId).CancelBooking(bookingId, actor: null, key)).ToResult()))
            .WithSummary("Cancels a confirmed or waitlisted booking (late after cancelFreeUntil); a cancelled one answers the same again.");

        api.MapPost("/bookings/{bookingId}/check-in", (string sessionId, string bookingId,
                    [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey, IGrainFactory grains, HttpContext context) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<ISessionGrain>(sessionId).CheckIn(bookingId, key)).ToResult()))
            .WithSummary("Checks a confirmed booking in, from 30 minutes before the start.");

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
