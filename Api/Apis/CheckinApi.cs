using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Occupancy.Api.Access;
using Occupancy.Api.Checkin;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Checkin;

namespace Occupancy.Api.Apis;

/// <summary>
/// Check-in at the door: the QR codes of a booking and of a member (signed with <c>Checkin:SigningKey</c>, expiring), and
/// the scans of a site's kiosk. The Api signs and verifies codes (the key lives here); the site's desk grain decides.
/// </summary>
internal static class CheckinApi
{
    public static WebApplicationBuilder AddCheckin(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CheckinOptions>(builder.Configuration.GetSection(CheckinOptions.Section));
        builder.Services.AddSingleton<CheckinKey>();
        builder.Services.AddSingleton<CheckinCodes>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCheckinApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{sessionId}/bookings/{bookingId}/code", async Task<IResult> (string sessionId, string bookingId, HttpContext context,
                IGrainFactory grains, CheckinCodes codes) =>
            {
                var pass = await grains.GetGrain<ICheckinDeskGrain>(Desk).BookingPass(sessionId, bookingId, context.Actor());
                if (pass.Problem is { } problem) return ProblemResponses.For(problem);
                var p = pass.Value!;
                var expiresAt = p.EndsAt!.Value;
                return TypedResults.Ok(CheckinCodeAnswer.Of(codes.Sign(CheckinCode.ForBooking(sessionId, bookingId, p.MemberId, expiresAt)), expiresAt, p));
            })
            .WithTags("Check-in")
            .ValidatesRouteIds()
            .Produces<CheckinCodeAnswer>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound, ProblemCodes.InvalidState)
            .Describe("getBookingCode", "A booking's QR code",
                "The code a kiosk of the session's site scans to check the booking in: a signed token (valid until the session ends), its QR code "
                + "as SVG and PNG (base64), the member's name initial and card number, and the session, for the screen or a printed slip. "
                + "A confirmed or checked-in booking only (else 409 invalid-state). The booking's member, their family, staff of the session's site.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        app.MapGet("/api/members/{memberId}/code", async Task<IResult> (string memberId, HttpContext context, IGrainFactory grains, CheckinCodes codes,
                IOptions<CheckinOptions> options, TimeProvider time) =>
            {
                var pass = await grains.GetGrain<ICheckinDeskGrain>(Desk).MemberPass(memberId, context.Actor());
                if (pass.Problem is { } problem) return ProblemResponses.For(problem);
                var expiresAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + options.Value.MembershipCodeLifetime).ToUnixTimeSeconds());
                return TypedResults.Ok(CheckinCodeAnswer.Of(codes.Sign(CheckinCode.ForMember(memberId, expiresAt)), expiresAt, pass.Value!));
            })
            .WithTags("Check-in")
            .ValidatesRouteIds()
            .Produces<CheckinCodeAnswer>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("getMemberCode", "A member's membership QR code",
                "The member's code for canteen visits at a kiosk (and for checking in the member's booking open now at a kiosk away from a canteen): "
                + "a signed token valid for Checkin:MembershipCodeLifetime (a year), its QR code as SVG and PNG (base64), the name initial and the "
                + "card number to type instead (assigned now to a member who had none). The member, their family, staff of the home site.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        app.MapPost("/api/sites/{siteId}/scans", (string siteId, ScanBody body, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey,
                HttpContext context, IGrainFactory grains, CheckinCodes codes, IOptions<CheckinOptions> options, TimeProvider time) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                {
                    var (scan, problem) = ScanReading.Read(body, codes, options.Value, time.GetUtcNow());
                    if (problem is not null) return ProblemResponses.For(problem);
                    return (await grains.GetGrain<ICheckinDeskGrain>(siteId).Scan(scan!, context.Actor(), key)).ToResult();
                }))
            .WithTags("Check-in")
            .ValidatesRouteIds()
            .Produces<ScanAnswer>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.InvalidId, ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("scan", "A kiosk scan",
                "The site's kiosk (its device), staff of the site or an admin send what the camera read (code) or what was typed (cardNumber and pin), "
                + "with canteenId at a canteen, and scannedAt for a scan queued while the Api was away (honoured up to Checkin:ScanMaxAge, 5 minutes; "
                + "older is 400 invalid-request: scan again). A booking's code checks the booking in from 30 minutes before its start until its "
                + "no-show time, judged at scannedAt; a membership code or card at a canteen records a visit for the meal served at scannedAt (else now); away from a "
                + "canteen it checks in the member's booking at this site that is open for check-in. Every outcome a kiosk speaks is 200 with "
                + "outcome and accepted (false: nothing changed) and only the member's name initial. Send an Idempotency-Key per scan.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        return app;
    }

    /// <summary>The desk grain that issues codes is stateless; any key will do, a scan uses its site's.</summary>
    private const string Desk = "codes";
}
