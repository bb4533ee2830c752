using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;

namespace Occupancy.Grains.Canteens;

internal sealed class CanteenGrain : Grain, ICanteenGrain
{
    private readonly IPersistentState<CanteenState> _state;
    private readonly DomainClock _clock;
    private readonly ILogger<CanteenGrain> _logger;
    private readonly LiveFeed _feed;
    private readonly BoundaryTimer _boundary;

    public CanteenGrain(
        [PersistentState("canteen", StorageNames.Occupancy)] IPersistentState<CanteenState> state,
        DomainClock clock,
        IOptions<LiveFeedOptions> liveOptions,
        ILogger<CanteenGrain> logger)
    {
        _state = state;
        _clock = clock;
        _logger = logger;
        _boundary = new BoundaryTimer(this);
        _feed = new LiveFeed(this, Topics.Canteen(this.GetPrimaryKeyString()), liveOptions.Value, logger);
    }

    private CanteenState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Definition is not null) await RefreshOpenAsync();
    }

    public async Task<CanteenSnapshot?> Get()
    {
        if (S.Definition is null) return null;
        await RefreshOpenAsync();
        return Snapshot();
    }

    public async Task<IVersionedSnapshot?> Watch(ILiveObserver observer)
    {
        if (S.Definition is null) return null;
        _feed.Subscribe(observer);
        await RefreshOpenAsync();
        return Snapshot();
    }

    public Task Unwatch(ILiveObserver observer)
    {
        _feed.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<bool> DefineIfAbsent(CanteenDefinition definition)
    {
        if (S.Definition is not null) return false;
        return (await Define(definition)).Succeeded;
    }

    public async Task<Outcome<DefinitionResult<CanteenSnapshot>>> Define(CanteenDefinition definition)
    {
        if (definition.Validate() is { } invalid) return invalid;
        if (S.Definition is { } current && current.SiteId != definition.SiteId)
            return new Problem(ProblemCodes.InvalidState, $"The canteen belongs to site '{current.SiteId}'; it cannot move to another site.");

        var timeZone = await GrainFactory.GetGrain<ISiteGrain>(definition.SiteId).Attach(new SitePart(SitePartKind.Canteen, this.GetPrimaryKeyString()));
        if (timeZone is null) return Problem.Invalid("siteId", $"Site '{definition.SiteId}' does not exist.");

        var created = S.Definition is null;
        S.Definition = definition;
        S.TimeZone = timeZone;
        // Tables that stay keep their diners, never more than their seats.
        S.TableOccupied = definition.Tables
            .Where(t => S.TableOccupied.ContainsKey(t.Id))
            .ToDictionary(t => t.Id, t => Math.Min(t.Seats, S.TableOccupied[t.Id]));
        S.Open = Hours().IsOpen(_clock.UtcNow);
        await CommitAsync();
        return new DefinitionResult<CanteenSnapshot>(Snapshot(), created);
    }

    public async Task<Outcome<CanteenSnapshot>> SetTable(TableOccupancy table)
    {
        if (S.Definition is null) return Problem.NotFound("The canteen");
        var definition = S.Definition.Tables.FirstOrDefault(t => t.Id == table.TableId);
        if (definition is null) return Problem.NotFound($"Table '{table.TableId}'");
        if (table.Occupied < 0) return Problem.Invalid("occupied", "occupied cannot be negative.");
        if (table.Occupied > definition.Seats)
            return new Problem(ProblemCodes.OverCapacity, $"Table '{table.TableId}' has {definition.Seats} seats.",
                new Dictionary<string, string[]> { ["occupied"] = [$"At most {definition.Seats}."] });
        await RefreshOpenAsync();
        // Meals served are approximated by diners sitting down: a rise of a table's seats taken during meal hours.
        // A diner who moves tables counts twice; one leaving and another sitting down between two reports cancel out.
        var seated = S.Open ? Math.Max(0, table.Occupied - S.TableOccupied.GetValueOrDefault(table.TableId)) : 0;
        S.TableOccupied[table.TableId] = table.Occupied;
        await CommitAsync(mealsServed: seated);
        return Snapshot();
    }

    private DailyHours Hours() =>
        DailyHours.EveryDay(S.Definition!.MealHours.Select(m => (m.From, m.To)), DailyHours.FindZone(S.TimeZone) ?? TimeZoneInfo.Utc);

    private async Task RefreshOpenAsync()
    {
        var hours = Hours();
        var now = _clock.UtcNow;
        if (hours.IsOpen(now) != S.Open)
        {
            S.Open = !S.Open;
            await CommitAsync();
        }
        _boundary.Schedule(hours.NextChange(now), now, RefreshOpenAsync);
    }

    private async Task CommitAsync(int mealsServed = 0)
    {
        S.Version++;
        S.UpdatedAt = _clock.UtcNow;
        await _state.WriteOrRevertAsync(this, _logger);
        var snapshot = Snapshot();
        _feed.Publish(snapshot);
        _ = GrainFactory.GetGrain<ISiteGrain>(S.Definition!.SiteId).CanteenChanged(snapshot);
        DayStatsPublisher.CanteenChanged(GrainFactory, snapshot, S.TimeZone, mealsServed);
    }

    private Meal? CurrentMeal()
    {
        var zone = DailyHours.FindZone(S.TimeZone) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(_clock.UtcNow, zone);
        var minute = local.Hour * 60 + local.Minute;
        return S.Definition!.MealHours
            .Where(m => minute >= DailyHours.Minutes(m.From) && minute < DailyHours.Minutes(m.To))
            .Select(m => (Meal?)m.Meal)
            .FirstOrDefault();
    }

    private CanteenSnapshot Snapshot()
    {
        var d = S.Definition!;
        var tables = d.Tables.Select(t => new TableSnapshot(t.Id, t.Seats, S.TableOccupied.GetValueOrDefault(t.Id), t.Accessible)).ToArray();
        var seats = tables.Sum(t => t.Seats);
        var occupied = tables.Sum(t => t.Occupied);
        var thresholds = d.Thresholds;
        return new CanteenSnapshot(
            this.GetPrimaryKeyString(), d.SiteId, d.Name, d.NameEn, seats, occupied, Math.Max(0, seats - occupied),
            thresholds.LevelOf(S.Open, occupied, seats), S.Open, d.MealHours, tables, S.Open ? CurrentMeal() : null,
            thresholds.QuietBelow, thresholds.NearlyFullFrom, S.Version, S.UpdatedAt);
    }
}
