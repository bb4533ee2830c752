using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Checkin;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Functional;

/// <summary>
/// QR check-in over HTTP: a booking's code checks it in at its site's kiosk, once; the refusals a kiosk speaks; a
/// membership code at a canteen records one visit; a card and PIN check in the booking open now; queued scans.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CheckinApiTests(ApiFixture api)
{
    private sealed record Door(string Site, string Gym, string Canteen, string Member, string Card, HttpClient Kiosk, HttpClient Resident);

    private async Task<Door> DoorAsync()
    {
        var (site, gym, _, canteen) = await Catalog.CreateSite(api);
        var member = Catalog.NewId("m-door");
        await api.PutJson($"/api/members/{member}", new { name = "杨根有", phone = "13900000011", homeSiteId = site, ageGroup = "senior", resident = true }, 201);
        var card = (await api.PutJson($"/api/members/{member}/pin", new { pin = "2468" }, 200)).GetProperty("cardNumber").GetString()!;
        return new Door(site, gym, canteen, member, card, api.ClientAs(Actor.SiteDevice("kiosk-door", site)), api.ClientAs(Actor.ResidentOf(member)));
    }

    private async Task<(string Session, string Booking)> BookAsync(Door d, int startsInMinutes)
    {
        var session = Catalog.NewId("session");
        var now = DateTimeOffset.UtcNow;
        await api.PutJson($"/api/sessions/{session}", new
        {
            siteId = d.Site, facilityId = d.Gym, title = "太极", titleEn = "Tai chi", category = "class",
            startsAt = now.AddMinutes(startsInMinutes), endsAt = now.AddMinutes(startsInMinutes + 60), capacity = 10, waitlistCapacity = 5,
            bookingOpensAt = now.AddDays(-1), bookingClosesAt = now.AddMinutes(Math.Max(1, startsInMinutes - 1)), cancelFreeUntil = now.AddMinutes(Math.Max(1, startsInMinutes - 2)),
            eligibility = new { ageGroups = new[] { "senior", "adult" } },
        }, 201);
        var booking = await api.PostJson($"/api/sessions/{session}/bookings", new { memberId = d.Member }, 201);
        return (session, booking.GetProperty("bookingId").GetString()!);
    }

    private static async Task<JsonElement> Scan(HttpClient kiosk, string site, object body, int expected = 200, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{site}/scans") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await ApiFixture.Read(await kiosk.SendAsync(request), expected);
    }

    private static string Outcome(JsonElement answer) => answer.GetProperty("outcome").GetString()!;

    [Fact]
    public async Task A_booking_code_from_the_member_checks_the_booking_in_at_its_site_once_and_shows_only_the_initial()
    {
        var d = await DoorAsync();
        var (session, booking) = await BookAsync(d, startsInMinutes: 20);

        var code = await ApiFixture.Read(await d.Resident.GetAsync($"/api/sessions/{session}/bookings/{booking}/code"), 200);
        var token = code.GetProperty("token").GetString()!;
        Assert.StartsWith("<svg", code.GetProperty("svg").GetString()!.TrimStart()[..4], StringComparison.Ordinal);
        Assert.Equal((d.Card, "杨"), (code.GetProperty("cardNumber").GetString(), code.GetProperty("initial").GetString()));

        // The kiosk sends every scan with the time it was made, a retry the same body under the same key.
        var scannedAt = DateTimeOffset.UtcNow;
        var first = await Scan(d.Kiosk, d.Site, new { code = token, scannedAt }, key: "scan-1");
        var replay = await Scan(d.Kiosk, d.Site, new { code = token, scannedAt }, key: "scan-1");
        var again = await Scan(d.Kiosk, d.Site, new { code = token }, key: "scan-2");

        Assert.Equal(("checkedIn", true, "杨"), (Outcome(first), first.GetProperty("accepted").GetBoolean(), first.GetProperty("initial").GetString()));
        Assert.Equal("checkedIn", Outcome(replay));
        Assert.Equal("alreadyCheckedIn", Outcome(again));
        Assert.DoesNotContain("根有", first.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("13900000011", first.GetRawText(), StringComparison.Ordinal);
        var stored = await api.GetJson($"/api/sessions/{session}/bookings/{booking}");
        Assert.Equal("checkedIn", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_kiosk_says_too_early_cancelled_and_wrong_site_and_changes_nothing()
    {
        var d = await DoorAsync();
        var other = await DoorAsync();
        var (later, laterBooking) = await BookAsync(d, startsInMinutes: 120);
        var (cancelled, cancelledBooking) = await BookAsync(d, startsInMinutes: 20);
        var cancelledCode = (await api.GetJson($"/api/sessions/{cancelled}/bookings/{cancelledBooking}/code")).GetProperty("token").GetString()!;
        await ApiFixture.Read(await d.Resident.DeleteAsync($"/api/sessions/{cancelled}/bookings/{cancelledBooking}"), 200);
        var laterCode = (await api.GetJson($"/api/sessions/{later}/bookings/{laterBooking}/code")).GetProperty("token").GetString()!;

        var early = await Scan(d.Kiosk, d.Site, new { code = laterCode });
        var gone = await Scan(d.Kiosk, d.Site, new { code = cancelledCode });
        var elsewhere = await Scan(other.Kiosk, other.Site, new { code = laterCode });

        Assert.Equal(("tooEarly", false), (Outcome(early), early.GetProperty("accepted").GetBoolean()));
        Assert.Equal("cancelled", Outcome(gone));
        Assert.Equal("wrongSite", Outcome(elsewhere));
        Assert.Equal("confirmed", (await api.GetJson($"/api/sessions/{later}/bookings/{laterBooking}")).GetProperty("status").GetString());
        // Another site's kiosk may not scan here at all.
        await Scan(other.Kiosk, d.Site, new { code = laterCode }, 403);
    }

    [Fact]
    public async Task A_tampered_code_and_a_scan_queued_longer_than_five_minutes_are_refused_and_an_expired_code_is_told_as_expired()
    {
        var d = await DoorAsync();
        var (session, booking) = await BookAsync(d, startsInMinutes: 20);
        var token = (await api.GetJson($"/api/sessions/{session}/bookings/{booking}/code")).GetProperty("token").GetString()!;
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{parts[1][..^2]}{(parts[1][^2] == 'A' ? 'B' : 'A')}{parts[1][^1]}.{parts[2]}";
        var codes = api.Api.Services.GetRequiredService<CheckinCodes>();
        var expired = codes.Sign(CheckinCode.ForMember(d.Member, DateTimeOffset.UtcNow.AddMinutes(-1)));

        var bad = await Scan(d.Kiosk, d.Site, new { code = tampered }, 400);
        var stale = await Scan(d.Kiosk, d.Site, new { code = token, scannedAt = DateTimeOffset.UtcNow.AddMinutes(-6) }, 400);
        var old = await Scan(d.Kiosk, d.Site, new { code = expired });

        Assert.Equal("invalid-request", bad.GetProperty("code").GetString());
        Assert.True(stale.GetProperty("errors").TryGetProperty("scannedAt", out _), stale.GetRawText());
        Assert.Equal("codeExpired", Outcome(old));
        Assert.Equal("confirmed", (await api.GetJson($"/api/sessions/{session}/bookings/{booking}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_queued_scan_within_five_minutes_is_honoured()
    {
        var d = await DoorAsync();
        var (session, booking) = await BookAsync(d, startsInMinutes: 20);
        var token = (await api.GetJson($"/api/sessions/{session}/bookings/{booking}/code")).GetProperty("token").GetString()!;

        var queued = await Scan(d.Kiosk, d.Site, new { code = token, scannedAt = DateTimeOffset.UtcNow.AddMinutes(-4) }, key: "queued-1");

        Assert.Equal("checkedIn", Outcome(queued));
    }

    [Fact]
    public async Task A_membership_code_at_a_canteen_records_one_visit_and_a_card_with_PIN_checks_in_the_booking_open_now()
    {
        var d = await DoorAsync();
        var membership = await ApiFixture.Read(await d.Resident.GetAsync($"/api/members/{d.Member}/code"), 200);
        var expires = membership.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366));
        var token = membership.GetProperty("token").GetString()!;

        var first = await Scan(d.Kiosk, d.Site, new { code = token, canteenId = d.Canteen });
        var second = await Scan(d.Kiosk, d.Site, new { code = token, canteenId = d.Canteen });
        Assert.Equal(("visitRecorded", "alreadyCounted"), (Outcome(first), Outcome(second)));
        var visits = await ApiFixture.Read(await d.Resident.GetAsync($"/api/members/{d.Member}/visits"), 200);
        Assert.Single(visits.EnumerateArray());

        var nothing = await Scan(d.Kiosk, d.Site, new { cardNumber = d.Card, pin = "2468" });
        Assert.Equal("noBooking", Outcome(nothing));
        var (session, booking) = await BookAsync(d, startsInMinutes: 10);
        var wrong = await Scan(d.Kiosk, d.Site, new { cardNumber = d.Card, pin = "9999" });
        var right = await Scan(d.Kiosk, d.Site, new { cardNumber = d.Card, pin = "2468" });
        Assert.Equal(("wrongPin", "checkedIn"), (Outcome(wrong), Outcome(right)));
        Assert.Equal("checkedIn", (await api.GetJson($"/api/sessions/{session}/bookings/{booking}")).GetProperty("status").GetString());
    }
}
