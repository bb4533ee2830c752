using Occupancy.Grains.Access;

namespace Occupancy.Grains.Audit;

/// <summary>
/// The phone look-ups of one UTC hour (key <c>yyyy-MM-ddTHH</c>, see <see cref="PhoneLookupAudit"/>), written
/// before the look-up answers. Hours keep each grain's state small; a day is read as its 24 hours.
/// </summary>
public interface IPhoneLookupAuditGrain : IGrainWithStringKey
{
    /// <summary>Records a look-up durably; false when the hour's record is full and the look-up must not happen.</summary>
    Task<bool> Record(PhoneLookupRecord record);

    /// <summary>The hour's look-ups, oldest first; for admins only (forbidden otherwise).</summary>
    Task<Outcome<IReadOnlyList<PhoneLookupRecord>>> List(Actor actor);
}
