using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Access;
using Occupancy.Grains.Alerts;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Canteens;

/// <summary>Reentrant, so concurrent table updates share writes (see <see cref="PlaceGrain{TState, TSnapshot}"/>).</summary>
[Reentrant]
internal sealed class CanteenGrain(
    [PersistentState("canteen", StorageNames.Occupancy)] IPersistentState<CanteenState> state,
    DomainClock clock,
    IOptions<LiveFeedOptions> liveOptions,
    ILogger<CanteenGrain> logger)
    : PlaceGrain<CanteenState, CanteenSnapshot>(state, clock, liveOptions.Value, logger, Topics.Canteen), ICanteenGrain
{
    protected override SitePartKind Kind => SitePartKind.Canteen;

    protected override bool IsDefinedIn(CanteenState state) => state.Definition is not null;

    protected override string? SiteId => S.Definition?.SiteId;

    public async Task<bool> DefineIfAbsent(CanteenDefinition definition)
    {
        if (!IsDefined) return (await Define(definition, Actor.System)).Succeeded;
        await AbsenceChecks.ArmAsync(GrainFactory, S.Definition!.SiteId, Logger);
        return false;
    }

    public async Task<Outcome<DefinitionResult<CanteenSnapshot>>> Define(CanteenDefinition definition, Actor actor)
    {
        if (definition.Validate() is { } invalid) return invalid;
        var defined = await DefineAsync(actor, definition.SiteId, () =>
        {
            S.Definition = definition;
            // Tables that stay keep their diners, never more than their seats.
            S.TableOccupied = definition.Tables
                .Where(t => S.TableOccupied.ContainsKey(t.Id))
                .ToDictionary(t => t.Id, t => Math.Min(t.Seats, S.TableOccupied[t.Id]));
        });
        if (defined.Succeeded) await AbsenceChecks.ArmAsync(GrainFactory, definition.SiteId, Logger);
        return defined;
    }

    /// <summary>Validated and applied in one turn (no await before the commit), so updates apply in the order received.</summary>
    public async Task<Outcome<CanteenSnapshot>> SetTable(TableOccupancy table, Actor actor)
    {
        // Decided before anything about the canteen is told; its own device is in scope even before it is defined.
        if (PlaceAccess.MaySeatCanteen(actor, Id, S.Definition?.SiteId) is { } refusal) return refusal;
        if (S.Definition is null) return Problem.NotFound("The canteen");
        var definition = S.Definition.Tables.FirstOrDefault(t => t.Id == table.TableId);
        if (definition is null) return Problem.NotFound($"Table '{table.TableId}'");
        if (table.Occupied < 0) return Problem.Invalid("occupied", "occupied cannot be negative.");
        if (table.Occupied > definition.Seats)
            return new Problem(ProblemCodes.OverCapacity, $"Table '{table.TableId}' has {definition.Seats} seats.",
                new Dictionary<string, string[]> { ["occupied"] = [$"At most {definition.Seats}."] });
        ApplyClock();
        // Meals served are approximated by diners sitting down: a rise of a table's seats taken during meal hours.
        // A diner who moves tables counts twice; one leaving and another sitting down between two reports cancel out.
        var seated = S.Open ? Math.Max(0, table.Occupied - S.TableOccupied.GetValueOrDefault(table.TableId)) : 0;
        S.TableOccupied[table.TableId] = table.Occupied;
        return await CommitAsync(arrivals: seated);
    }

    protected override DailyHours Hours() =>
        DailyHours.EveryDay(S.Definition!.MealHours.Select(m => (m.From, m.To)), DailyHours.FindZone(S.TimeZone) ?? TimeZoneInfo.Utc);

    protected override int OccupiedIn(CanteenSnapshot snapshot) => snapshot.OccupiedSeats;

    protected override string SiteIdIn(CanteenSnapshot snapshot) => snapshot.SiteId;

    protected override (int Capacity, Level Level) GaugeOf(CanteenSnapshot snapshot) => (snapshot.Seats, snapshot.Level);

    protected override void AnnounceToSite(CanteenSnapshot latest) => _ = GrainFactory.GetGrain<ISiteGrain>(latest.SiteId).CanteenChanged(latest);

    private Meal? CurrentMeal(CanteenState state)
    {
        var zone = DailyHours.FindZone(state.TimeZone) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(Clock.UtcNow, zone);
        var minute = local.Hour * 60 + local.Minute;
        return state.Definition!.MealHours
            .Where(m => minute >= DailyHours.Minutes(m.From) && minute < DailyHours.Minutes(m.To))
            .Select(m => (Meal?)m.Meal)
            .FirstOrDefault();
    }

    protected override CanteenSnapshot Snapshot(CanteenState state)
    {
        var d = state.Definition!;
        var tables = d.Tables.Select(t => new TableSnapshot(t.Id, t.Seats, state.TableOccupied.GetValueOrDefault(t.Id), t.Accessible)).ToArray();
        var seats = tables.Sum(t => t.Seats);
        var occupied = tables.Sum(t => t.Occupied);
        var thresholds = d.Thresholds;
        return new CanteenSnapshot(
            Id, d.SiteId, d.Name, d.NameEn, seats, occupied, Math.Max(0, seats - occupied),
            thresholds.LevelOf(state.Open, occupied, seats), state.Open, d.MealHours, tables, state.Open ? CurrentMeal(state) : null,
            thresholds.QuietBelow, thresholds.NearlyFullFrom, state.Version, state.UpdatedAt, d.ClosedDates,
            d.AlertGraceMinutes ?? CanteenDefinition.DefaultAlertGraceMinutes);
    }
}
