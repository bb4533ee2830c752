using System.Text.Json;
using Occupancy.Grains.Access;
using Occupancy.Grains.Notices;
using Occupancy.Grains.Tests.Support;
using Xunit.Abstractions;

namespace Occupancy.Grains.Tests.Notices;

/// <summary>
/// The outbox against a real webhook receiver: refusals, dropped connections and a duplicate-prone gateway end with
/// every delivery applied once; quiet hours hold and release; a notice no longer useful is abandoned and listed as failed.
/// </summary>
[Collection(NoticesCollection.Name)]
public sealed class NoticeDeliveryTests(NoticesClusterFixture fixture, ITestOutputHelper output)
{
    private const string Site = "notices-site";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private IMemberNoticesGrain Notices(string memberId) => fixture.Client.GetGrain<IMemberNoticesGrain>(memberId);

    private Notice NoticeFor(string memberId, string noticeId, bool urgent = false, DateTimeOffset? usefulUntil = null, DateTimeOffset? notBefore = null) =>
        new(noticeId, memberId, Site, NoticeKind.BookingConfirmed, "您已预约成功", "Your booking is confirmed", fixture.Clock.GetUtcNow(),
            usefulUntil, urgent, notBefore);

    private async Task<NoticeView> NoticeAsync(string memberId, string noticeId) =>
        (await Notices(memberId).List(Actor.System)).Value!.Single(n => n.NoticeId == noticeId);

    [Fact]
    public async Task A_gateway_that_refuses_and_drops_connections_ends_with_every_delivery_applied_once_and_signed()
    {
        fixture.AdvanceTo(new TimeOnly(12, 0));
        var expected = new Dictionary<string, (string Member, string Notice)>();
        var members = new List<string>();
        for (var i = 0; i < 24; i++) members.Add(await fixture.MemberAsync($"居民{i}", $"138{i:D8}"));
        // One member without a phone: the notice goes to the two family members who have one.
        var daughter = await fixture.MemberAsync("女儿", "13912345678");
        var son = await fixture.MemberAsync("儿子", "13987654321");
        var senior = await fixture.MemberAsync("独居老人", null, Site, daughter, son);
        members.Add(senior);

        var enqueued = members.Select((member, i) => NoticeFor(member, $"booking-{member}:confirmed")).ToList();
        var groups = enqueued.Where(n => n.MemberId != senior).Select(n => DeliveryIds.Of(n.NoticeId, n.MemberId))
            .Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i % 5);
        // Each delivery's first attempts go wrong in one of five ways; the gateway applies a delivery id once.
        fixture.Receiver.Policy = (id, attempt) => (groups.GetValueOrDefault(id, -1), attempt) switch
        {
            (4, 1) => ReceiverMove.Slow,
            (0, <= 2) => ReceiverMove.Refuse,
            (1, 1) => ReceiverMove.ApplyThenDrop,
            (2, 1) => ReceiverMove.Drop,
            (3, 1) => ReceiverMove.Refuse,
            _ => ReceiverMove.Accept,
        };
        // Producers retry: every notice is enqueued twice, concurrently.
        await Task.WhenAll(enqueued.Concat(enqueued).Select(n => Notices(n.MemberId).Enqueue(n)));
        foreach (var n in enqueued.Where(n => n.MemberId != senior)) expected[DeliveryIds.Of(n.NoticeId, n.MemberId)] = (n.MemberId, n.NoticeId);
        var seniorNotice = enqueued.Single(n => n.MemberId == senior).NoticeId;
        expected[DeliveryIds.Of(seniorNotice, daughter)] = (senior, seniorNotice);
        expected[DeliveryIds.Of(seniorNotice, son)] = (senior, seniorNotice);

        await Eventually.Until(async () =>
        {
            foreach (var n in enqueued)
                if ((await NoticeAsync(n.MemberId, n.NoticeId)).Status != NoticeStatus.Delivered) return false;
            return true;
        }, $"every notice delivered ({fixture.Receiver})", Bound);

        var receiver = fixture.Receiver;
        output.WriteLine($"{expected.Count} deliveries of {enqueued.Count} notices: {receiver}.");
        var applied = receiver.Applied.Keys.Where(expected.ContainsKey).ToHashSet();
        Assert.Equal(expected.Keys.ToHashSet(), applied);
        // Applied once each: a delivery id that changed between attempts would show here as a second application of
        // the same notice to the same person (the receiver applies each id once, so it could not tell).
        var ids = enqueued.Select(n => n.NoticeId).ToHashSet();
        var duplicatesApplied = receiver.Applied.Values.Count(m => ids.Contains(m.NoticeId)) - expected.Count;
        Assert.Equal(0, duplicatesApplied);
        Assert.True(receiver.DuplicatesReceived > 0, "a delivery applied before its connection dropped arrives again with the same id");
        Assert.Equal(0, receiver.BadSignatures);
        Assert.True(receiver.Slow > 0 && receiver.Dropped > 0 && receiver.Refused > 0, "every kind of failure happened");
        var retries = expected.Keys.Sum(id => receiver.AttemptsOf(id) - 1);
        output.WriteLine($"Retries: {retries}; duplicates received: {receiver.DuplicatesReceived}; duplicates applied: {duplicatesApplied}.");
        Assert.All(groups.Keys, id => Assert.True(receiver.AttemptsOf(id) >= 2, "a delivery whose first attempt went wrong was tried again"));

        var family = await NoticeAsync(senior, seniorNotice);
        Assert.Equal(new[] { daughter, son }.Order(), family.Deliveries.Select(d => d.RecipientMemberId).Order());
        Assert.All(family.Deliveries, d => Assert.Contains("*", d.MaskedPhone));
        Assert.Equal(senior, receiver.Applied[DeliveryIds.Of(seniorNotice, daughter)].MemberId);
        Assert.Equal("13912345678", receiver.Applied[DeliveryIds.Of(seniorNotice, daughter)].Phone);

        // The file mirror has each delivery once.
        await Eventually.Until(() => MirroredIds().Count(expected.ContainsKey) == expected.Count, "the file mirror holds every delivery", Bound);
        var mirrored = MirroredIds().Where(expected.ContainsKey).ToList();
        Assert.Equal(mirrored.Count, mirrored.Distinct().Count());
    }

    [Fact]
    public async Task Quiet_hours_hold_all_but_urgent_notices_until_they_end_and_a_member_without_quiet_hours_is_not_held()
    {
        fixture.Receiver.Policy = (_, _) => ReceiverMove.Accept;
        var evening = fixture.AdvanceTo(new TimeOnly(22, 0));
        var member = await fixture.MemberAsync("夜里不打扰", "13811112222");
        var nightOwl = await fixture.MemberAsync("夜猫子", "13833334444");
        Assert.True((await Notices(nightOwl).SetPreferences(new NoticePreferences(QuietFrom: null, QuietUntil: null), Actor.ResidentOf(nightOwl))).Succeeded);

        var routine = NoticeFor(member, $"routine-{member}");
        var urgent = NoticeFor(member, $"urgent-{member}", urgent: true);
        var owls = NoticeFor(nightOwl, $"routine-{nightOwl}");
        await Notices(member).Enqueue(routine);
        await Notices(member).Enqueue(urgent);
        await Notices(nightOwl).Enqueue(owls);

        await Eventually.Until(() => fixture.Receiver.Applied.ContainsKey(DeliveryIds.Of(urgent.NoticeId, member)), "the urgent notice goes at once", Bound);
        await Eventually.Until(() => fixture.Receiver.Applied.ContainsKey(DeliveryIds.Of(owls.NoticeId, nightOwl)), "no quiet hours: the notice goes at once", Bound);
        var held = await Eventually.Value(() => NoticeAsync(member, routine.NoticeId), v => v.Status == NoticeStatus.Held, "the routine notice is held", Bound);
        var morning = new DateTimeOffset(evening.Date.AddDays(1).AddHours(8), TimeSpan.Zero);
        Assert.Equal(morning, held.Deliveries.Single().HeldUntil);
        Assert.False(fixture.Receiver.Applied.ContainsKey(DeliveryIds.Of(routine.NoticeId, member)));

        fixture.AdvanceTo(new TimeOnly(7, 59));
        Assert.Equal(NoticeStatus.Held, (await NoticeAsync(member, routine.NoticeId)).Status);
        fixture.AdvanceTo(new TimeOnly(8, 0));
        // Nobody calls the grain: its timer or reminder notices the clock passed the end of the quiet hours.
        await Eventually.Until(() => fixture.Receiver.Applied.ContainsKey(DeliveryIds.Of(routine.NoticeId, member)), "the held notice goes when the quiet hours end", Bound);
        await Eventually.Until(async () => (await NoticeAsync(member, routine.NoticeId)).Status == NoticeStatus.Delivered, "the held notice is recorded delivered", Bound);
    }

    [Fact]
    public async Task A_notice_no_longer_useful_is_abandoned_and_listed_as_failed_to_the_sites_staff_only()
    {
        var noon = fixture.AdvanceTo(new TimeOnly(12, 0));
        var member = await fixture.MemberAsync("收不到", "13855556666");
        var notice = NoticeFor(member, $"reminder-{member}", usefulUntil: noon.AddMinutes(30));
        var delivery = DeliveryIds.Of(notice.NoticeId, member);
        fixture.Receiver.Policy = (id, _) => id == delivery ? ReceiverMove.Refuse : ReceiverMove.Accept;
        await Notices(member).Enqueue(notice);
        await Eventually.Until(() => fixture.Receiver.AttemptsOf(delivery) >= 2, "the gateway is tried and retried", Bound);

        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        var failed = await Eventually.Value(() => NoticeAsync(member, notice.NoticeId), n => n.Status == NoticeStatus.Failed, "the notice is abandoned", Bound);
        Assert.Equal("no longer useful", failed.Deliveries.Single().LastError);
        Assert.False(fixture.Receiver.Applied.ContainsKey(delivery));

        var date = DateOnly.FromDateTime(noon.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var listed = await Eventually.Value(
            async () => (await SiteNotices.ReadDay(fixture.Client, Actor.StaffOf("desk", Site), Site, date, noon)).Value!.SingleOrDefault(n => n.NoticeId == notice.NoticeId),
            n => n?.Status == NoticeStatus.Failed, "the site's list shows the notice failed", Bound);
        Assert.NotNull(listed);
        Assert.DoesNotContain("13855556666", JsonSerializer.Serialize(listed));

        Assert.False((await SiteNotices.ReadDay(fixture.Client, Actor.StaffOf("elsewhere", "other-site"), Site, date, noon)).Succeeded);
        Assert.False((await SiteNotices.ReadDay(fixture.Client, Actor.Anonymous("203.0.113.9"), Site, date, noon)).Succeeded);
        Assert.False((await Notices(member).List(Actor.StaffOf("elsewhere", "other-site"))).Succeeded);
        Assert.False((await Notices(member).List(Actor.Anonymous("203.0.113.9"))).Succeeded);
        Assert.False((await Notices(member).List(Actor.ResidentOf("someone-else"))).Succeeded);
        Assert.True((await Notices(member).List(Actor.ResidentOf(member))).Succeeded);
        Assert.True((await Notices(member).List(Actor.StaffOf("desk", Site))).Succeeded);
    }

    [Fact]
    public async Task A_withdrawn_notice_is_never_sent_and_not_before_holds_a_reminder_until_its_time()
    {
        fixture.Receiver.Policy = (_, _) => ReceiverMove.Accept;
        var noon = fixture.AdvanceTo(new TimeOnly(12, 0));
        var member = await fixture.MemberAsync("取消了", "13877778888");
        var withdrawn = NoticeFor(member, $"reminder-w-{member}", notBefore: noon.AddHours(2));
        var kept = NoticeFor(member, $"reminder-k-{member}", notBefore: noon.AddHours(2));
        await Notices(member).Enqueue(withdrawn);
        await Notices(member).Enqueue(kept);
        await Notices(member).Withdraw(withdrawn.NoticeId);
        await Notices(member).Withdraw(withdrawn.NoticeId);
        Assert.Equal(NoticeStatus.Withdrawn, (await NoticeAsync(member, withdrawn.NoticeId)).Status);
        await Eventually.Until(async () => (await NoticeAsync(member, kept.NoticeId)).Status == NoticeStatus.Held, "the reminder waits for its time", Bound);

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await Eventually.Until(async () => (await NoticeAsync(member, kept.NoticeId)).Status == NoticeStatus.Delivered, "the reminder goes at its time", Bound);
        Assert.False(fixture.Receiver.Applied.ContainsKey(DeliveryIds.Of(withdrawn.NoticeId, member)));
        Assert.Equal(NoticeStatus.Withdrawn, (await NoticeAsync(member, withdrawn.NoticeId)).Status);
    }

    [Fact]
    public async Task Preferences_default_to_the_own_phone_and_are_set_by_the_member_family_and_home_staff_only()
    {
        var daughter = await fixture.MemberAsync("女儿", "13900001111");
        var member = await fixture.MemberAsync("老人", "13800001111", Site, daughter);
        var preferences = (await Notices(member).GetPreferences(Actor.ResidentOf(member))).Value!;
        Assert.Equal((NoticeChannel.OwnPhone, true, "21:00", "08:00"), (preferences.Channel, preferences.ChannelIsDefault, preferences.QuietFrom, preferences.QuietUntil));
        var noPhone = await fixture.MemberAsync("没手机", null, Site, daughter);
        Assert.Equal(NoticeChannel.Family, (await Notices(noPhone).GetPreferences(Actor.StaffOf("desk", Site))).Value!.Channel);

        var set = await Notices(member).SetPreferences(new NoticePreferences(NoticeChannel.Family), Actor.ResidentOf(daughter));
        Assert.True(set.Succeeded);
        Assert.Equal((NoticeChannel.Family, false), (set.Value!.Channel, set.Value.ChannelIsDefault));
        Assert.True((await Notices(member).SetPreferences(new NoticePreferences(NoticeChannel.None), Actor.StaffOf("desk", Site))).Succeeded);
        Assert.Equal(ProblemCodes.Forbidden, (await Notices(member).SetPreferences(new NoticePreferences(), Actor.StaffOf("elsewhere", "other-site"))).Problem?.Code);
        Assert.Equal(ProblemCodes.Forbidden, (await Notices(member).SetPreferences(new NoticePreferences(), Actor.ResidentOf("someone-else"))).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, (await Notices(member).SetPreferences(new NoticePreferences(QuietFrom: "late"), Actor.ResidentOf(member))).Problem?.Code);
        Assert.Equal(NoticeChannel.None, (await Notices(member).GetPreferences(Actor.ResidentOf(member))).Value!.Channel);

        // Channel none: the notice is only listed.
        var notice = NoticeFor(member, $"listed-{member}", urgent: true);
        await Notices(member).Enqueue(notice);
        var view = await Eventually.Value(() => NoticeAsync(member, notice.NoticeId), v => v.Status != NoticeStatus.Pending, "the outbox settles the notice", Bound);
        Assert.Equal(NoticeStatus.Listed, view.Status);
        Assert.Empty(view.Deliveries);
    }

    [Fact]
    public async Task The_file_mirror_mark_rides_on_the_next_write_instead_of_one_of_its_own()
    {
        fixture.AdvanceTo(new TimeOnly(12, 0));
        var member = await fixture.MemberAsync("镜像", "13811112222");
        var notices = fixture.Client.GetGrain<IMemberNoticesGrain>(member);
        var first = NoticeFor(member, $"mirror-1-{member}", urgent: true);
        await notices.Enqueue(first);
        await Eventually.Until(() => MirroredIds().Contains(DeliveryIds.Of(first.NoticeId, member)), "the first notice is in the file mirror", Bound);
        // The outbox's passes run one after another: the second notice's pass starts after the first's has ended.
        var second = NoticeFor(member, $"mirror-2-{member}", urgent: true);
        await notices.Enqueue(second);
        await Eventually.Until(() => MirroredIds().Contains(DeliveryIds.Of(second.NoticeId, member)), "the second notice is in the file mirror", Bound);

        // Each notice: enqueued, its recipients worked out, its delivery's outcome; a mirror mark of its own would be a fourth.
        Assert.Equal(6, fixture.Store.WritesOf(notices.GetGrainId()));
        Assert.Equal(new[] { first.NoticeId, second.NoticeId }, (await notices.List(Actor.System)).Value!
            .Where(n => n.Status == NoticeStatus.Delivered).Select(n => n.NoticeId).Order());
    }

    private List<string> MirroredIds() =>
        !File.Exists(fixture.MirrorFile) ? [] : [.. File.ReadAllLines(fixture.MirrorFile)
            .Select(line => JsonSerializer.Deserialize<NoticeMessage>(line, OccupancyJson.Options)!.DeliveryId)];
}
