namespace Occupancy.Grains.Accounts;

[GenerateSerializer, Alias("StaffDirectoryState")]
internal sealed class StaffDirectoryState
{
    [Id(0)] public Dictionary<string, StaffAccountView> Accounts { get; set; } = [];
}
