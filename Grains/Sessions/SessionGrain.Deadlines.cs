using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Sessions;

/// <summary>Deadlines: a grain timer for the exact instant while active, one reminder so an idle or lost activation comes back.</summary>
internal sealed partial class SessionGrain
{
    /// <summary>A grain timer for the exact instant while active; a reminder so an idle or lost activation comes back.</summary>
    private void ArmDeadlines(DateTimeOffset now)
    {
        var next = _book.NextDeadline(now);
        if (next != _deadlineArmed)
        {
            _deadlineArmed = next;
            _boundary.Schedule(next, now, OnDeadlineAsync);
        }
        ArmReminder(now);
    }

    private async Task OnDeadlineAsync()
    {
        _deadlineArmed = null;
        try
        {
            if (ApplyClock(Now) is { } clockChange) await clockChange;
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Deadline of session {Session} could not be written; the reminder retries", Id);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder) return;
        _reminderDueAt = null;
        _reminderMayExist = true;
        _deadlineArmed = null;
        if (W.Definition is not null && ApplyClock(Now) is { } clockChange) await clockChange;
        else ArmReminder(Now);
        KickOutbox();
        KickPromotion();
    }

    /// <summary>
    /// Keeps one reminder: due at the next deadline, or within a minute while the outbox holds undelivered
    /// changes (so they are delivered even if this activation dies). Registered only when that instant moves
    /// earlier, so a rush does not write the reminder table.
    /// </summary>
    private void ArmReminder(DateTimeOffset now)
    {
        DateTimeOffset? want = _book.NextDeadline(now);
        if (!SessionOutbox.IsEmpty(W) || !SessionOutbox.IsEmpty(D))
        {
            var soon = now + _options.OutboxReminderDue;
            if (want is null || soon < want) want = soon;
        }
        if (want is { } wanted && _reminderDueAt is { } due && due > now && due <= wanted) return;
        if (want is null && !_reminderMayExist) return;
        if (_reminderBusy)
        {
            _reminderAgain = true;
            return;
        }
        _ = SetReminderAsync(want, now);
    }

    private async Task SetReminderAsync(DateTimeOffset? want, DateTimeOffset now)
    {
        _reminderBusy = true;
        await _reminderGate.WaitAsync();
        try
        {
            // An outbox filled meanwhile keeps the reminder near.
            if (!SessionOutbox.IsEmpty(W) && (want is null || want > now + _options.OutboxReminderDue)) want = now + _options.OutboxReminderDue;
            if (want is { } at)
            {
                // Never later than one period: the reminder also catches a domain clock that moved (tests' fake clock).
                var period = _options.DeadlineReminderPeriod;
                var dueIn = TimeSpan.FromTicks(Math.Clamp((at - now).Ticks, TimeSpan.FromSeconds(1).Ticks, Math.Max(period.Ticks, TimeSpan.FromSeconds(1).Ticks)));
                await this.RegisterOrUpdateReminder(DeadlineReminder, dueIn, period);
                _reminderDueAt = at;
                _reminderMayExist = true;
            }
            else
            {
                if (await this.GetReminder(DeadlineReminder) is { } reminder) await this.UnregisterReminder(reminder);
                _reminderDueAt = null;
                _reminderMayExist = false;
            }
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Reminder of session {Session} could not be set", Id);
        }
        finally
        {
            _reminderGate.Release();
            _reminderBusy = false;
        }
        if (_reminderAgain)
        {
            _reminderAgain = false;
            ArmReminder(Now);
        }
    }

    /// <summary>
    /// Before a state that owes members changes is written, a reminder due soon is durable: a silo that dies right
    /// after answering leaves it to bring the session back, whose activation delivers what the outbox holds.
    /// Registered once while one is due soon anyway, so a rush adds one reminder write, not one per batch.
    /// </summary>
    private async Task ArmOutboxReminderAsync(SessionState toWrite)
    {
        if (SessionOutbox.IsEmpty(toWrite)) return;
        var now = Now;
        if (_reminderDueAt is { } due && due > now && due <= now + _options.OutboxReminderDue) return;
        await _reminderGate.WaitAsync();
        try
        {
            now = Now;
            if (_reminderDueAt is { } armed && armed > now && armed <= now + _options.OutboxReminderDue) return;
            await this.RegisterOrUpdateReminder(DeadlineReminder, _options.OutboxReminderDue, _options.DeadlineReminderPeriod);
            _reminderDueAt = now + _options.OutboxReminderDue;
            _reminderMayExist = true;
        }
        finally
        {
            _reminderGate.Release();
        }
    }
}
