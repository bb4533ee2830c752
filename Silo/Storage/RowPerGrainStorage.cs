using System.Security.Cryptography;
using System.Text;
using Orleans.Storage;

namespace Occupancy.Silo.Storage;

/// <summary>
/// Orleans' table provider keys a grain's row by the grain (PartitionKey) and the state's name (RowKey). Azurite, the
/// store on one machine, finds a row through its RowKey index first and then walks every row it found: with all
/// members under RowKey "member", each read or write of one member walked all of them (5 ms a lookup at 50,000
/// members, against 0.01 ms for a key of its own), and a city's load slowed to a halt as it grew. So the state's name
/// is passed on with a hash of the grain appended ("member.3f9a…"), which makes the RowKey nearly unique. On Azure
/// Table storage both are point lookups. A store keyed by state before keeps its keys (<see cref="StoreLayout"/>).
/// </summary>
internal sealed class RowPerGrainStorage(IGrainStorage inner, Func<CancellationToken, Task<RowKeys>> resolve, int stage)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private RowKeys? _layout;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(RowName(stateName, grainId), grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(RowName(stateName, grainId), grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(RowName(stateName, grainId), grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle)
    {
        (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
        // After the provider has made its table; before any grain is activated here.
        lifecycle.Subscribe(nameof(RowPerGrainStorage), stage, async cancellationToken => _layout = await resolve(cancellationToken));
    }

    private string RowName(string stateName, GrainId grainId) => _layout switch
    {
        RowKeys.PerGrain => $"{stateName}.{Hash(grainId)}",
        RowKeys.PerState => stateName,
        _ => throw new InvalidOperationException("The store's row layout is read while the silo starts, before any grain state."),
    };

    /// <summary>64 bits of the grain's id: the same in every process; the key itself stays in the PartitionKey only.</summary>
    internal static string Hash(GrainId grainId)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(grainId.ToString()), digest);
        return Convert.ToHexStringLower(digest[..8]);
    }
}
