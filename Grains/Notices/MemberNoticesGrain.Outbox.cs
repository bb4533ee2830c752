using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Notices;

/// <summary>
/// The outbox: a grain timer for the next due delivery while active (fine-grained back-off), one reminder while
/// anything is open so a silo that died or an activation that was collected comes back and goes on. Each pass decides
/// every open delivery (withdrawn, abandoned, held, due), writes those decisions, sends what is due, writes the
/// outcomes, then tells the site's day list and the file mirror. Sending happens after the notice is durable; a
/// crash between a send and its recorded outcome sends again with the same delivery id (at least once).
/// </summary>
internal sealed partial class MemberNoticesGrain
{
    private const string OutboxReminder = "notices-outbox";
    private IGrainTimer? _outboxTimer;
    private bool _pumping;
    private bool _pumpAgain;
    private bool _reminderRegistered;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != OutboxReminder) return;
        _reminderRegistered = true;
        if (!Owed)
        {
            await DropReminderAsync();
            return;
        }
        KickOutbox(TimeSpan.Zero);
    }

    /// <summary>Runs a pass of the outbox after <paramref name="due"/>, on an interleaving timer (never inside a command's turn).</summary>
    private void KickOutbox(TimeSpan due)
    {
        if (_pumping && due == TimeSpan.Zero)
        {
            _pumpAgain = true;
            return;
        }
        due = TimeSpan.FromTicks(Math.Clamp(due.Ticks, 0, _options.ReminderPeriod.Ticks));
        if (_outboxTimer is null)
            _outboxTimer = this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true });
        else
            _outboxTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private async Task PumpAsync(CancellationToken cancellation)
    {
        if (_pumping)
        {
            _pumpAgain = true;
            return;
        }
        _pumping = true;
        TimeSpan? next = null;
        try
        {
            do
            {
                _pumpAgain = false;
                next = await PassAsync();
            }
            while (_pumpAgain && !cancellation.IsCancellationRequested);
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Notice outbox pass failed; retrying");
            next = _options.RetryFirst;
        }
        finally
        {
            _pumping = false;
        }
        if (next is { } wait) KickOutbox(wait);
        else await DropReminderAsync();
    }

    /// <summary>One pass; answers when the next is due, or null when nothing is left to do.</summary>
    private async Task<TimeSpan?> PassAsync()
    {
        var now = Now;
        var real = TimeProvider.System.GetUtcNow();
        var due = new List<(NoticeRecord Record, NoticeDelivery Delivery)>();
        var changed = false;
        // A list, not the live dictionary: commands interleave at every await of this pass and may add notices.
        foreach (var record in S.Notices.Values.Where(r => r.IsOpen || !r.Resolved).ToList())
        {
            if (!record.Resolved)
            {
                await ResolveAsync(record);
                changed = true;
            }
            changed |= Decide(record, now, await ReleaseAtAsync(record.Notice, now), real, due);
        }
        changed |= ListWithoutGateway(due);
        if (changed) await WriteAsync();
        if (due.Count > 0)
        {
            await SendAsync(due, real);
            await WriteAsync();
        }
        await ReportAsync();
        await MirrorAsync();
        return NextPass(Now, TimeProvider.System.GetUtcNow());
    }

    /// <summary>Applies what becomes of each open delivery of the notice now, and adds those due to <paramref name="due"/>; true when any changed.</summary>
    private bool Decide(NoticeRecord record, DateTimeOffset now, DateTimeOffset? releaseAt, DateTimeOffset real, List<(NoticeRecord Record, NoticeDelivery Delivery)> due)
    {
        var changed = false;
        foreach (var delivery in record.Deliveries.Where(d => d.IsOpen))
        {
            var decision = OutboxDecision.Decide(record.Notice, now, releaseAt, _options.GiveUpAfter);
            if (decision.Changed(delivery))
            {
                decision.ApplyTo(delivery);
                record.Version++;
                changed = true;
            }
            if (decision.Status == NoticeStatus.Pending && (delivery.RetryAt is null || delivery.RetryAt <= real)) due.Add((record, delivery));
        }
        return changed;
    }

    /// <summary>No gateway: the list is where due notices go. True when any did.</summary>
    private bool ListWithoutGateway(List<(NoticeRecord Record, NoticeDelivery Delivery)> due)
    {
        if (_options.WebhookUrl is not null || due.Count == 0) return false;
        foreach (var (record, delivery) in due)
        {
            delivery.Status = NoticeStatus.Listed;
            delivery.HeldUntil = null;
            record.Version++;
        }
        due.Clear();
        return true;
    }

    private async Task SendAsync(List<(NoticeRecord Record, NoticeDelivery Delivery)> due, DateTimeOffset real)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, _options.MaxParallelSends));
        await Task.WhenAll(due.Select(async item =>
        {
            var (record, delivery) = item;
            await slots.WaitAsync();
            string? failure;
            try
            {
                failure = await NoticeWebhook.SendAsync(_options, Message(record, delivery, delivery.Attempts + 1, real), real);
            }
            finally
            {
                slots.Release();
            }
            delivery.Attempts++;
            record.Version++;
            // Withdrawn meanwhile: a message that arrived is delivered all the same; one that did not stays withdrawn.
            if (failure is null)
            {
                delivery.Status = NoticeStatus.Delivered;
                delivery.DeliveredAt = Now;
                delivery.RetryAt = null;
                delivery.LastError = null;
                _logger.LogInformation("Notice delivery {Delivery} delivered after {Attempts} attempt(s)", delivery.DeliveryId, delivery.Attempts);
            }
            else if (delivery.Status == NoticeStatus.Pending)
            {
                var wait = RetryBackoff.After(delivery.Attempts, _options.RetryFirst, _options.RetryMax, Random.Shared.NextDouble());
                delivery.RetryAt = TimeProvider.System.GetUtcNow() + wait;
                delivery.LastError = failure;
                _logger.LogInformation("Notice delivery {Delivery} failed ({Failure}); attempt {Attempts}, retrying in {Wait}",
                    delivery.DeliveryId, failure, delivery.Attempts, wait);
            }
        }));
    }

    private static NoticeMessage Message(NoticeRecord record, NoticeDelivery delivery, int attempt, DateTimeOffset sentAt)
    {
        var n = record.Notice;
        return new NoticeMessage(delivery.DeliveryId, n.NoticeId, n.Kind, n.MemberId, delivery.RecipientMemberId, delivery.Phone, n.Text, n.TextEn,
            n.SiteId, n.Urgent, n.RaisedAt, n.UsefulUntil, attempt, sentAt, delivery.Status);
    }

    /// <summary>When a non-urgent notice may go: after its notBefore and outside the member's quiet hours.</summary>
    private async Task<DateTimeOffset?> ReleaseAtAsync(Notice notice, DateTimeOffset now) => ReleaseAt(notice, now, await ZoneAsync(notice.SiteId));

    private DateTimeOffset? ReleaseAt(Notice notice, DateTimeOffset now, TimeZoneInfo zone)
    {
        DateTimeOffset? at = notice.NotBefore is { } notBefore && notBefore > now ? notBefore : null;
        if (notice.Urgent) return at;
        var from = at ?? now;
        var quietEnd = QuietHours.EndAfter(from, (S.Preferences ?? NoticePreferences.Default).QuietHours, zone);
        return quietEnd ?? at;
    }

    /// <summary>How long until the next pass is due: the earliest retry or release, or soon while reports are owed.</summary>
    private TimeSpan? NextPass(DateTimeOffset now, DateTimeOffset real)
    {
        TimeSpan? next = null;
        void Consider(TimeSpan wait)
        {
            if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
            if (next is null || wait < next) next = wait;
        }
        foreach (var record in S.Notices.Values)
        {
            if (record.ReportedVersion < record.Version || NeedsMirror(record)) Consider(_options.RetryFirst);
            foreach (var delivery in record.Deliveries.Where(d => d.IsOpen))
            {
                if (delivery.Status == NoticeStatus.Held) Consider((delivery.HeldUntil ?? now) - now);
                else Consider((delivery.RetryAt ?? real) - real);
                if (record.Notice.UsefulUntil is { } until) Consider(until - now);
            }
        }
        return next;
    }

    private async Task EnsureReminderAsync()
    {
        if (_reminderRegistered) return;
        await this.RegisterOrUpdateReminder(OutboxReminder, _options.ReminderPeriod, _options.ReminderPeriod);
        _reminderRegistered = true;
    }

    private bool Owed => S.Notices.Values.Any(r => r.IsOpen || r.ReportedVersion < r.Version || NeedsMirror(r));

    private async Task DropReminderAsync()
    {
        if (Owed) return;
        try
        {
            if (await this.GetReminder(OutboxReminder) is { } reminder) await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "The notice outbox reminder could not be dropped; it fires once more");
        }
    }
}
