namespace Occupancy.Grains;

public static class StorageNames
{
    /// <summary>The grain storage every entity's state lives in (Azure Table in production).</summary>
    public const string Occupancy = "occupancy";
}
