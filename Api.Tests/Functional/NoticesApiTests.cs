using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;
using Occupancy.Grains.Notices;

namespace Occupancy.Api.Tests.Functional;

/// <summary>
/// Notices over REST with no gateway configured: the site's list of the day is where they go (status listed), for
/// staff of that site only; the member sees their own; phones are masked in every answer; preferences are validated.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoticesApiTests(ApiFixture api)
{
    private const string Site = "notice-desk-site";

    [Fact]
    public async Task A_notice_is_listed_to_the_sites_staff_and_the_member_and_to_nobody_else_with_the_phone_masked()
    {
        var phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}";
        var member = Catalog.NewId("m");
        await api.PutJson($"/api/members/{member}", new { name = "王芳", phone, homeSiteId = Site, ageGroup = "senior", resident = true }, 201);
        var notice = new Notice($"b-{member}:confirmed", member, Site, NoticeKind.BookingConfirmed, "您已预约太极课", "You are booked for tai chi",
            // Urgent: the real clock may be inside the default quiet hours, which would hold it.
            DateTimeOffset.UtcNow, Urgent: true);
        await api.Cluster.Client.GetGrain<IMemberNoticesGrain>(member).Enqueue(notice);

        var staff = api.ClientAs(Actor.StaffOf("desk.notices", Site));
        JsonElement listed = default;
        string text = "";
        // Waits (bounded) for the outbox to settle the notice after Enqueue answered.
        for (var watch = System.Diagnostics.Stopwatch.StartNew(); watch.Elapsed < TimeSpan.FromSeconds(30);)
        {
            text = await (await staff.GetAsync($"/api/sites/{Site}/notices")).Content.ReadAsStringAsync();
            listed = JsonDocument.Parse(text).RootElement.EnumerateArray().FirstOrDefault(n => n.GetProperty("noticeId").GetString() == notice.NoticeId);
            if (listed.ValueKind == JsonValueKind.Object && listed.GetProperty("status").GetString() == "listed") break;
            await Task.Delay(50);
        }
        Assert.True(listed.ValueKind == JsonValueKind.Object, $"the site's list shows the notice: {text}");
        Assert.True(listed.GetProperty("status").GetString() == "listed", text);
        Assert.Equal($"{phone[..3]}****{phone[^4..]}", listed.GetProperty("deliveries")[0].GetProperty("maskedPhone").GetString());
        Assert.DoesNotContain(phone, text);

        var own = await api.ClientAs(Actor.ResidentOf(member)).GetAsync($"/api/members/{member}/notices");
        var ownText = await own.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains(notice.NoticeId, ownText);
        Assert.DoesNotContain(phone, ownText);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.ClientAs(Actor.StaffOf("desk.other", "other-notice-site")).GetAsync($"/api/sites/{Site}/notices")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.ClientAs(Actor.StaffOf("desk.other", "other-notice-site")).GetAsync($"/api/members/{member}/notices")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous.GetAsync($"/api/sites/{Site}/notices")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous.GetAsync($"/api/members/{member}/notices")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"/api/sites/{Site}/notices?date=today")).StatusCode);
    }

    [Fact]
    public async Task Preferences_are_set_by_the_member_and_a_malformed_one_is_refused_and_changes_nothing()
    {
        var member = Catalog.NewId("m");
        await api.PutJson($"/api/members/{member}", new { name = "赵强", phone = "13800001234", homeSiteId = Site, ageGroup = "senior", resident = true }, 201);
        var resident = api.ClientAs(Actor.ResidentOf(member));
        var path = $"/api/members/{member}/notice-preferences";

        var initial = await ApiFixture.Read(await resident.GetAsync(path), 200);
        Assert.Equal(("ownPhone", true, "21:00", "08:00"), (initial.GetProperty("channel").GetString(), initial.GetProperty("channelIsDefault").GetBoolean(),
            initial.GetProperty("quietFrom").GetString(), initial.GetProperty("quietUntil").GetString()));
        var bad = await resident.PutAsJsonAsync(path, new { channel = "family", quietFrom = "9pm", quietUntil = "07:00" }, ApiFixture.Json);
        Assert.Equal("invalid-request", (await ApiFixture.Read(bad, 400)).GetProperty("code").GetString());
        Assert.Equal("ownPhone", (await ApiFixture.Read(await resident.GetAsync(path), 200)).GetProperty("channel").GetString());

        var set = await ApiFixture.Read(await resident.PutAsJsonAsync(path, new { channel = "family", quietFrom = "22:30", quietUntil = "07:00" }, ApiFixture.Json), 200);
        Assert.Equal(("family", false, "22:30"), (set.GetProperty("channel").GetString(), set.GetProperty("channelIsDefault").GetBoolean(), set.GetProperty("quietFrom").GetString()));
    }
}
