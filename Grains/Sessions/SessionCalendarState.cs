namespace Occupancy.Grains.Sessions;

[GenerateSerializer, Alias("SessionCalendarState")]
internal sealed class SessionCalendarState
{
    [Id(0)] public Dictionary<string, CalendarEntry> Entries { get; set; } = [];
}
