using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Alerts;

/// <summary>
/// Consent lives beside the member, not in <see cref="MemberGrain"/>: the check at a meal's end reads many members'
/// consent, and keeping it apart leaves the member grain's booking turns alone. Access is decided against the profile
/// the member grain holds, read on each request (the family may change).
/// </summary>
internal sealed class AbsenceWatchGrain(
    [PersistentState("absenceWatch", StorageNames.Occupancy)] IPersistentState<AbsenceWatchState> state,
    DomainClock clock,
    ILogger<AbsenceWatchGrain> logger) : Grain, IAbsenceWatchGrain
{
    /// <summary>Alerts kept per member for the family's history; older ones drop off.</summary>
    internal const int MaxAlerts = 100;

    private AbsenceWatchState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    public async Task<Outcome<AbsenceWatchView>> Get(Actor actor)
    {
        var profile = await ProfileAsync();
        if (AlertAccess.MayReadWatch(actor, Id, profile) is { } refusal) return refusal;
        if (profile is null) return Problem.NotFound("The member");
        return View();
    }

    public async Task<Outcome<AbsenceWatchView>> OptIn(AbsenceWatchRequest request, Actor actor)
    {
        var profile = await ProfileAsync();
        if (AlertAccess.MayChangeWatch(actor, Id, profile) is { } refusal) return refusal;
        if (profile is null) return Problem.NotFound("The member");
        if (request.Validate() is { } invalid) return invalid;
        var now = clock.UtcNow;
        if (!S.Watching)
        {
            // A new consent each time the member opts in again: who gave it and when is what staff must be able to show.
            S.Consent = new Consent(actor.Subject, AlertAccess.GiverOf(actor, Id), now, string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim());
            S.Watching = true;
            S.WithdrawnAt = null;
            S.WithdrawnBy = null;
        }
        S.AwayUntil = request.AwayUntil;
        await WriteAsync(now);
        return View();
    }

    public async Task<Outcome<AbsenceWatchView>> Withdraw(Actor actor)
    {
        var profile = await ProfileAsync();
        if (AlertAccess.MayChangeWatch(actor, Id, profile) is { } refusal) return refusal;
        if (profile is null) return Problem.NotFound("The member");
        if (!S.Watching) return View();
        S.Watching = false;
        S.AwayUntil = null;
        S.WithdrawnAt = clock.UtcNow;
        S.WithdrawnBy = actor.Subject;
        await WriteAsync(S.WithdrawnAt.Value);
        return View();
    }

    public async Task<Outcome<IReadOnlyList<AbsenceAlert>>> ListAlerts(Actor actor)
    {
        var profile = await ProfileAsync();
        if (AlertAccess.MayReadWatch(actor, Id, profile) is { } refusal) return refusal;
        if (profile is null) return Problem.NotFound("The member");
        return S.Alerts.OrderByDescending(a => a.RaisedAt).ToArray();
    }

    public async Task<bool> SeedIfAbsent(string? note)
    {
        if (S.Consent is not null) return false;
        var now = clock.UtcNow;
        S.Consent = new Consent("demo-catalog", ConsentGiver.Staff, now, note);
        S.Watching = true;
        await WriteAsync(now);
        return true;
    }

    public Task<AbsenceWatchView> Current() => Task.FromResult(View());

    public async Task Record(AbsenceAlert alert)
    {
        var index = S.Alerts.FindIndex(a => a.Id == alert.Id);
        if (index >= 0 && S.Alerts[index].Version >= alert.Version) return;
        if (index >= 0) S.Alerts[index] = alert;
        else S.Alerts.Add(alert);
        if (S.Alerts.Count > MaxAlerts) S.Alerts.RemoveRange(0, S.Alerts.Count - MaxAlerts);
        await state.WriteOrRevertAsync(this, logger);
    }

    private async Task WriteAsync(DateTimeOffset now)
    {
        S.Version++;
        S.UpdatedAt = now;
        await state.WriteOrRevertAsync(this, logger);
    }

    private AbsenceWatchView View() => new(Id, S.Watching, S.Consent, S.AwayUntil, S.WithdrawnAt, S.WithdrawnBy, S.Version, S.UpdatedAt);

    private async Task<MemberProfile?> ProfileAsync() => MemberProfiles.Of(await GrainFactory.GetGrain<IMemberGrain>(Id).Get(Actor.System));
}
