using Occupancy.Grains.Access;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Canteens;

/// <summary>One canteen: its tables, meal hours and the seats taken at each table now.</summary>
public interface ICanteenGrain : IWatchable, ISitePartGrain, IBatchedWrites
{
    /// <summary>Runs beside a write that waits on the store, answering the last acknowledged snapshot: reads go on during an outage.</summary>
    [AlwaysInterleave]
    Task<CanteenSnapshot?> Get();

    /// <summary>Creates or replaces the definition: staff of the site it names and of the site it is on.</summary>
    Task<Outcome<DefinitionResult<CanteenSnapshot>>> Define(CanteenDefinition definition, Actor actor);

    /// <summary>Creates the canteen only if it was never defined: the demo catalog never overwrites an administrator.</summary>
    Task<bool> DefineIfAbsent(CanteenDefinition definition);

    /// <summary>
    /// Staff of the canteen's site or a device of this canteen. Concurrent updates share writes; each is answered, with the
    /// snapshot of its own change, once that change is durable; updates of one table take effect in the order received.
    /// </summary>
    Task<Outcome<CanteenSnapshot>> SetTable(TableOccupancy table, Actor actor);
}
