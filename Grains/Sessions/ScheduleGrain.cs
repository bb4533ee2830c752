using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Sessions;

/// <summary>Generates a site's sessions from its weekly schedules; a reminder runs it again several times a day.</summary>
internal sealed class ScheduleGrain(
    [PersistentState("schedule", StorageNames.Occupancy)] IPersistentState<ScheduleState> state,
    DomainClock clock,
    IOptions<BookingOptions> options,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    internal const string RollingReminder = "rolling-week";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromHours(6);
    private const int Parallel = 8;

    private ScheduleState S => state.State;

    private string SiteId => this.GetPrimaryKeyString();

    public Task<IReadOnlyList<SessionSchedule>> GetSchedules() => Task.FromResult<IReadOnlyList<SessionSchedule>>(S.Schedules.ToArray());

    public async Task<Outcome<int>> SetSchedules(IReadOnlyList<SessionSchedule> schedules)
    {
        if (schedules is null || schedules.Count > 200) return Problem.Invalid("schedules", "A site has at most 200 schedules.");
        foreach (var schedule in schedules)
        {
            if (schedule.Validate() is { } invalid) return invalid;
        }
        if (schedules.Select(s => s.Id).Distinct().Count() != schedules.Count) return Problem.Invalid("schedules", "Schedule ids must be unique.");
        if (await GrainFactory.GetGrain<ISiteGrain>(SiteId).GetSummary() is null) return Problem.NotFound($"Site '{SiteId}'");

        if (Fingerprint(schedules) != Fingerprint(S.Schedules))
        {
            S.Schedules = schedules.ToList();
            S.GeneratedThrough = null;
            await state.WriteOrRevertAsync(this, logger);
        }
        try
        {
            await this.RegisterOrUpdateReminder(RollingReminder, TimeSpan.FromMinutes(1), ReminderPeriod);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "The rolling-week reminder of site {Site} could not be registered", SiteId);
        }
        // Generation can take a while (hundreds of sessions): the caller (a silo starting) does not wait for it.
        this.RegisterGrainTimer(GenerateInBackgroundAsync, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        return schedules.Count;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RollingReminder) await GenerateInBackgroundAsync();
    }

    private async Task GenerateInBackgroundAsync()
    {
        try
        {
            var created = await Generate();
            if (created > 0) logger.LogInformation("Created {Count} sessions of site {Site}", created, SiteId);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Generating the sessions of site {Site} failed; the reminder tries again", SiteId);
        }
    }

    public async Task<int> Generate()
    {
        if (S.Schedules.Count == 0) return 0;
        var site = await GrainFactory.GetGrain<ISiteGrain>(SiteId).GetSummary();
        if (site is null) return 0;
        var zone = DailyHours.FindZone(site.TimeZone) ?? TimeZoneInfo.Utc;
        var now = clock.UtcNow;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        // Far enough ahead that every session exists before its booking window opens.
        var horizon = Math.Max(options.Value.RollingDays, S.Schedules.Max(s => s.BookingOpensDaysBefore) + 1);
        var last = today.AddDays(horizon - 1);
        var from = S.GeneratedThrough is { } through && through >= today ? through.AddDays(1) : today;
        if (from > last) return 0;

        var sessions = new List<(string Id, SessionDefinition Definition)>();
        for (var date = from; date <= last; date = date.AddDays(1))
        {
            foreach (var schedule in S.Schedules.Where(s => s.RunsOn(date)))
            {
                foreach (var time in schedule.Times)
                {
                    var definition = schedule.Definition(date, time, zone, SiteId);
                    if (definition.StartsAt > now) sessions.Add((schedule.SessionId(date, time), definition));
                }
            }
        }
        var created = 0;
        var failed = 0;
        foreach (var chunk in sessions.Chunk(Parallel))
        {
            var results = await Task.WhenAll(chunk.Select(s => DefineIfAbsentAsync(s.Id, s.Definition)));
            created += results.Count(r => r == true);
            failed += results.Count(r => r is null);
        }
        // One session that cannot be written does not stop the others; the days are generated again until it is.
        if (failed > 0)
        {
            logger.LogWarning("{Count} sessions of site {Site} could not be generated; the reminder tries again", failed, SiteId);
            return created;
        }
        S.GeneratedThrough = last;
        await state.WriteOrRevertAsync(this, logger);
        return created;
    }

    /// <summary>Whether the session was created; null when it could not be asked or written.</summary>
    private async Task<bool?> DefineIfAbsentAsync(string sessionId, SessionDefinition definition)
    {
        try
        {
            return await GrainFactory.GetGrain<ISessionGrain>(sessionId).DefineIfAbsent(definition);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Session {Session} of site {Site} could not be generated", sessionId, SiteId);
            return null;
        }
    }

    private static string Fingerprint(IReadOnlyList<SessionSchedule> schedules) => JsonSerializer.Serialize(schedules, OccupancyJson.Options);
}
