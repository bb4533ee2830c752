namespace Occupancy.Grains.Sessions.Rules;

/// <summary>What the clock alone changed in a session: whether it started just now, and how many no-shows it released.</summary>
internal sealed record ClockChange(bool Started, int NoShows);
