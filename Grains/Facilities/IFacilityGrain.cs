using Occupancy.Grains.Access;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Facilities;

/// <summary>One facility (a gym, a children's area, a court): its definition and its live headcount.</summary>
public interface IFacilityGrain : IWatchable, ISitePartGrain, IBatchedWrites
{
    /// <summary>Runs beside a write that waits on the store, answering the last acknowledged snapshot: reads go on during an outage.</summary>
    [AlwaysInterleave]
    Task<FacilitySnapshot?> Get();

    /// <summary>Creates or replaces the definition: staff of the site it names and of the site it is on.</summary>
    Task<Outcome<DefinitionResult<FacilitySnapshot>>> Define(FacilityDefinition definition, Actor actor);

    /// <summary>Creates the facility only if it was never defined: the demo catalog never overwrites an administrator.</summary>
    Task<bool> DefineIfAbsent(FacilityDefinition definition);

    /// <summary>Staff of the facility's site or a device of this facility (as for exits and recalibration).</summary>
    Task<Outcome<FacilitySnapshot>> RecordEntries(HeadcountChange change, Actor actor, IdempotencyKey? key = null);

    Task<Outcome<FacilitySnapshot>> RecordExits(HeadcountChange change, Actor actor, IdempotencyKey? key = null);

    Task<Outcome<FacilitySnapshot>> Recalibrate(Recalibration recalibration, Actor actor);
}
