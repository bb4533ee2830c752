using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>Reads of a session's stored state, for checks made from storage rather than through the grain.</summary>
internal static class SessionStore
{
    /// <summary>Booking changes the stored state still has to deliver to members.</summary>
    public static int Undelivered(SessionState state) => state.Outbox.Count + state.Undelivered.Count;
}
