namespace Occupancy.Grains.Canteens.Visits;

[GenerateSerializer, Alias("CanteenDayVisitsState")]
internal sealed class CanteenDayVisitsState
{
    /// <summary>Per meal, each member who came and when their visit was first recorded.</summary>
    [Id(0)] public Dictionary<Meal, Dictionary<string, DateTimeOffset>> Meals { get; set; } = [];
}
