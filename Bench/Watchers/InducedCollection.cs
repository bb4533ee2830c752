using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Occupancy.Bench.Watchers;

/// <summary>
/// A full blocking garbage collection induced in another .NET process from outside, as dotnet-gcdump induces one: an
/// EventPipe session on the process with the runtime provider's GCHeapCollect keyword makes the runtime collect at
/// once; the GC keyword on the same session brings back that collection's end and its heap statistics. Nothing in
/// the measured process asks for it, so the Api and a floor are collected alike.
/// </summary>
internal static class InducedCollection
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";

    /// <summary>The GC keyword (GCStart, GCEnd, GCHeapStats) and GCHeapCollect (0x800000: collect now).</summary>
    private const long Keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);

    /// <summary>
    /// Collects the process's heap (every generation, blocking) and answers the live managed heap after it: the bytes
    /// that survived that collection in gen0–2 and the large object heap (the TotalPromotedSize figures of its
    /// GCHeapStats), so free space the heap keeps between objects does not count; and the pinned object heap's size
    /// after it (GenerationSize4), since the runtime reports no survivors for that heap (TotalPromotedSize4 is 0). The
    /// pinned heap holds the server's pooled socket buffers. Fails if the collection is not seen within <paramref name="limit"/>.
    /// </summary>
    public static async Task<long> Collect(int pid, TimeSpan limit)
    {
        // On a loaded machine a session now and then starts without the collection's events in it (the runtime collects
        // as the session is enabled): a new session asks again, and collects again.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var (heap, seen) = await TryCollect(pid, limit / attempts);
            if (heap is { } bytes) return bytes;
            if (attempt == attempts)
                throw new TimeoutException($"Process {pid}: no induced full collection seen in {attempts} sessions of {(limit / attempts).TotalSeconds:0} s (last: {seen}).");
        }
    }

    private static async Task<(long? Heap, string Seen)> TryCollect(int pid, TimeSpan limit)
    {
        var client = new DiagnosticsClient(pid);
        using var session = await client.StartEventPipeSessionAsync(
            [new EventPipeProvider(RuntimeProvider, EventLevel.Informational, Keywords)], requestRundown: false, circularBufferMB: 16,
            CancellationToken.None);
        using var source = new EventPipeEventSource(session.EventStream);
        var heap = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fullCollection = false;
        int starts = 0, stats = 0;
        source.Clr.GCStart += e =>
        {
            starts++;
            fullCollection = e.Depth == 2 && e.Type == GCType.NonConcurrentGC;
        };
        source.Clr.GCHeapStats += e =>
        {
            stats++;
            // The stats of a blocking full collection (the induced one), not of a gen0 one that was running as the session started.
            if (fullCollection) heap.TrySetResult(e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.GenerationSize4);
        };
        var reading = Task.Run(source.Process);
        try
        {
            return (await heap.Task.WaitAsync(limit), "");
        }
        catch (TimeoutException)
        {
            return (null, $"{starts} collections started, {stats} heap statistics");
        }
        finally
        {
            try
            {
                await session.StopAsync(CancellationToken.None);
            }
            catch (Exception error) when (error is ServerNotAvailableException or IOException or TimeoutException)
            {
                // The session ends with the process or the stream anyway.
            }
            await reading.WaitAsync(limit).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
