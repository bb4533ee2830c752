using Occupancy.Grains.Notices;

namespace Occupancy.Grains.Tests.Notices;

/// <summary>The notice rules without a cluster: quiet hours, back-off, recipients, delivery ids, the signature.</summary>
public sealed class NoticeRuleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly (TimeOnly, TimeOnly)? Night = NoticePreferences.Default.QuietHours;

    [Theory]
    [InlineData("2026-11-30T21:30:00+08:00", "2026-12-01T08:00:00+08:00")]
    [InlineData("2026-12-01T02:00:00+08:00", "2026-12-01T08:00:00+08:00")]
    [InlineData("2026-11-30T21:00:00+08:00", "2026-12-01T08:00:00+08:00")]
    public void A_notice_in_the_quiet_hours_waits_for_their_end_on_the_sites_wall_clock(string at, string end) =>
        Assert.Equal(DateTimeOffset.Parse(end), QuietHours.EndAfter(DateTimeOffset.Parse(at), Night, Shanghai));

    [Theory]
    [InlineData("2026-11-30T08:00:00+08:00")]
    [InlineData("2026-11-30T20:59:00+08:00")]
    public void Outside_the_quiet_hours_nothing_waits(string at) => Assert.Null(QuietHours.EndAfter(DateTimeOffset.Parse(at), Night, Shanghai));

    [Fact]
    public void Quiet_hours_that_do_not_span_midnight_and_no_quiet_hours_at_all()
    {
        var lunch = new NoticePreferences(QuietFrom: "12:00", QuietUntil: "14:00").QuietHours;
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T14:00:00+08:00"), QuietHours.EndAfter(DateTimeOffset.Parse("2026-11-30T13:00:00+08:00"), lunch, Shanghai));
        Assert.Null(QuietHours.EndAfter(DateTimeOffset.Parse("2026-11-30T23:00:00+08:00"), lunch, Shanghai));
        Assert.Null(new NoticePreferences(QuietFrom: null, QuietUntil: null).QuietHours);
    }

    [Fact]
    public void Preferences_refuse_half_set_or_malformed_quiet_hours()
    {
        Assert.NotNull(new NoticePreferences(QuietFrom: "22:00", QuietUntil: null).Validate());
        Assert.NotNull(new NoticePreferences(QuietFrom: "9pm", QuietUntil: "08:00").Validate());
        Assert.NotNull(new NoticePreferences((NoticeChannel)7).Validate());
        Assert.Null(new NoticePreferences(NoticeChannel.Family, "22:30", "07:00").Validate());
    }

    [Fact]
    public void Back_off_doubles_up_to_its_cap_and_is_jittered_within_half_to_whole()
    {
        var first = TimeSpan.FromSeconds(5);
        var max = TimeSpan.FromMinutes(10);
        Assert.Equal(TimeSpan.FromSeconds(5), RetryBackoff.After(1, first, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(20), RetryBackoff.After(3, first, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(10), RetryBackoff.After(3, first, max, 0));
        Assert.Equal(max, RetryBackoff.After(40, first, max, 1));
        Assert.All(Enumerable.Range(0, 100), i => Assert.InRange(RetryBackoff.After(2, first, max, i / 100.0), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Notices_go_to_the_own_phone_by_default_else_to_the_family_with_phones()
    {
        IReadOnlyList<NoticeRecipient> family = [new("daughter", "13900000001"), new("son", "13900000002"), new("daughter", "13900000001")];
        Assert.Equal([new NoticeRecipient("m", "13800000000")], NoticeRecipients.Of("m", null, "13800000000", family));
        Assert.Equal(["daughter", "son"], NoticeRecipients.Of("m", null, null, family).Select(r => r.MemberId));
        Assert.Equal(["daughter", "son"], NoticeRecipients.Of("m", new NoticePreferences(NoticeChannel.Family), "13800000000", family).Select(r => r.MemberId));
        Assert.Empty(NoticeRecipients.Of("m", new NoticePreferences(NoticeChannel.None), "13800000000", family));
        Assert.Empty(NoticeRecipients.Of("m", new NoticePreferences(NoticeChannel.OwnPhone), null, family));
    }

    [Fact]
    public void A_delivery_id_is_the_same_for_the_same_notice_and_recipient_and_differs_otherwise()
    {
        Assert.Equal(DeliveryIds.Of("b-1:confirmed", "m-1"), DeliveryIds.Of("b-1:confirmed", "m-1"));
        Assert.NotEqual(DeliveryIds.Of("b-1:confirmed", "m-1"), DeliveryIds.Of("b-1:confirmed", "m-2"));
        Assert.NotEqual(DeliveryIds.Of("b-1:confirmed", "m-1"), DeliveryIds.Of("b-1:cancelled", "m-1"));
    }

    [Fact]
    public void The_signature_verifies_the_body_it_signed_and_nothing_else()
    {
        const string body = """{"deliveryId":"d-1","text":"明早9点太极课"}""";
        var header = NoticeSignature.Sign("secret", 1_796_000_000, body);
        Assert.StartsWith("t=1796000000,v1=", header);
        Assert.True(NoticeSignature.Verify("secret", header, body, out var t));
        Assert.Equal(1_796_000_000, t);
        Assert.False(NoticeSignature.Verify("other", header, body, out _));
        Assert.False(NoticeSignature.Verify("secret", header, body.Replace("9", "8"), out _));
        Assert.False(NoticeSignature.Verify("secret", header.Replace("t=1796000000", "t=1796000001"), body, out _));
        Assert.False(NoticeSignature.Verify("secret", null, body, out _));
    }

    [Fact]
    public void A_notice_past_its_useful_time_is_abandoned_and_one_not_yet_due_is_held()
    {
        var now = DateTimeOffset.Parse("2026-11-30T10:00:00Z");
        var notice = new Notice("n", "m", "s", NoticeKind.Reminder, "t", "t", now.AddHours(-1), UsefulUntil: now);
        Assert.Equal(NoticeStatus.Failed, OutboxDecision.Decide(notice, now, null, TimeSpan.FromDays(2)).Status);
        Assert.Equal(NoticeStatus.Held, OutboxDecision.Decide(notice with { UsefulUntil = null }, now, now.AddHours(1), TimeSpan.FromDays(2)).Status);
        Assert.Equal(NoticeStatus.Pending, OutboxDecision.Decide(notice with { UsefulUntil = null }, now, null, TimeSpan.FromDays(2)).Status);
        Assert.Equal(NoticeStatus.Failed, OutboxDecision.Decide(notice with { UsefulUntil = null }, now.AddDays(3), null, TimeSpan.FromDays(2)).Status);
    }
}
