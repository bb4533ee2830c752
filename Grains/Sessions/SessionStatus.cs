namespace Occupancy.Grains.Sessions;

/// <summary>A session's booking state; it changes with the clock (window opens, closes, session starts) or by cancellation.</summary>
public enum SessionStatus
{
    NotYetOpen,
    Open,
    Closed,
    Cancelled,
}
