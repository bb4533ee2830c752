namespace Occupancy.Silo.Storage;

/// <summary>How a service's grain state rows are keyed in the table (see <see cref="RowPerGrainStorage"/>).</summary>
internal enum RowKeys
{
    /// <summary>RowKey is the state's name, as Orleans' table provider keys it: stores made before the per-grain keys.</summary>
    PerState,

    /// <summary>RowKey is the state's name and a hash of the grain: every store made since.</summary>
    PerGrain,
}
