using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Facilities;

/// <summary>One facility (a gym, a children's area, a court): its definition and its live headcount.</summary>
public interface IFacilityGrain : IWatchable, ISitePartGrain
{
    Task<FacilitySnapshot?> Get();

    Task<Outcome<DefinitionResult<FacilitySnapshot>>> Define(FacilityDefinition definition);

    /// <summary>Creates the facility only if it was never defined: the demo catalog never overwrites an administrator.</summary>
    Task<bool> DefineIfAbsent(FacilityDefinition definition);

    Task<Outcome<FacilitySnapshot>> RecordEntries(HeadcountChange change, IdempotencyKey? key = null);

    Task<Outcome<FacilitySnapshot>> RecordExits(HeadcountChange change, IdempotencyKey? key = null);

    Task<Outcome<FacilitySnapshot>> Recalibrate(Recalibration recalibration);
}
