namespace Occupancy.Grains.Sessions;

/// <summary>
/// Where a session is in its life by the clock. Every step is a change (the version rises and it is pushed),
/// also a session starting, which the public status shows only as closed.
/// </summary>
internal enum SessionPhase
{
    NotYetOpen,
    Open,
    Closed,
    Started,
    Released,
}
