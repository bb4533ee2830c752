namespace Occupancy.Grains;

/// <summary>A grain whose concurrent changes share writes to the store (group commit).</summary>
public interface IBatchedWrites : IGrainWithStringKey
{
    /// <summary>Diagnostics: how many writes this activation made for how many changes. Not part of the Api.</summary>
    [AlwaysInterleave]
    Task<WriteCount> WriteCount();
}
