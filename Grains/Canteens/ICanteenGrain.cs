using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Canteens;

/// <summary>One canteen: its tables, meal hours and the seats taken at each table now.</summary>
public interface ICanteenGrain : IWatchable, ISitePartGrain
{
    Task<CanteenSnapshot?> Get();

    Task<Outcome<DefinitionResult<CanteenSnapshot>>> Define(CanteenDefinition definition);

    /// <summary>Creates the canteen only if it was never defined: the demo catalog never overwrites an administrator.</summary>
    Task<bool> DefineIfAbsent(CanteenDefinition definition);

    Task<Outcome<CanteenSnapshot>> SetTable(TableOccupancy table);
}
