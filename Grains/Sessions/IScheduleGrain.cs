namespace Occupancy.Grains.Sessions;

/// <summary>
/// The weekly schedules of one site (keyed by site id) and the generator that keeps a rolling week of their
/// sessions created ahead. Creation is create-if-absent: a session an administrator changed or cancelled stays as it is.
/// </summary>
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Replaces the site's schedules (unchanged ones write nothing) and starts generating in the background.</summary>
    Task<Outcome<int>> SetSchedules(IReadOnlyList<SessionSchedule> schedules);

    Task<IReadOnlyList<SessionSchedule>> GetSchedules();

    /// <summary>Creates the sessions of the days not yet generated up to the rolling horizon; answers how many were created.</summary>
    Task<int> Generate();
}
