namespace Occupancy.Grains.Sessions;

[GenerateSerializer, Alias("ScheduleState")]
internal sealed class ScheduleState
{
    [Id(0)] public List<SessionSchedule> Schedules { get; set; } = [];
    /// <summary>The last local date whose sessions were all created; reset when the schedules change.</summary>
    [Id(1)] public DateOnly? GeneratedThrough { get; set; }
}
