namespace Occupancy.Bench.Watchers;

/// <summary>
/// A server process's memory read after a full collection induced from outside: its resident memory (VmRSS) once
/// settled, and its live managed heap as that collection left it. The heap is the figure least disturbed by memory the
/// runtime keeps after freeing it; resident memory is what the machine pays.
/// </summary>
internal sealed record ServerMemory(long Resident, long ManagedHeap)
{
    public static async Task<ServerMemory> Read(int pid)
    {
        var heap = await InducedCollection.Collect(pid, TimeSpan.FromSeconds(90));
        var resident = await ProcessMemory.Settled(pid, TimeSpan.FromSeconds(30));
        return new ServerMemory(resident, heap);
    }
}
