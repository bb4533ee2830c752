using System.Diagnostics;

namespace Occupancy.Bench.Watchers;

/// <summary>Many watchers on one server, connected a few dozen at a time; disposed together.</summary>
internal sealed class WatcherCrowd : IAsyncDisposable
{
    private WatcherCrowd(SnapshotWatcher[] watchers) => Watchers = watchers;

    public SnapshotWatcher[] Watchers { get; }

    /// <summary>Connects <paramref name="count"/> watchers, watcher i on <c>topics[i % topics.Count]</c>. Fails if any does not connect.</summary>
    public static async Task<WatcherCrowd> Connect(Uri server, IReadOnlyList<string> topics, int count, Action<string> log)
    {
        var watchers = Enumerable.Range(0, count).Select(i => new SnapshotWatcher(server, topics[i % topics.Count])).ToArray();
        var crowd = new WatcherCrowd(watchers);
        var started = Stopwatch.GetTimestamp();
        var connected = 0;
        try
        {
            await Parallel.ForEachAsync(watchers, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (w, ct) =>
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(TimeSpan.FromMinutes(2));
                await w.Start(limit.Token);
                var n = Interlocked.Increment(ref connected);
                if (n % 1000 == 0) log($"{n}/{count} watchers connected to {server}");
            });
        }
        catch
        {
            await crowd.DisposeAsync();
            throw;
        }
        log($"{count} watchers connected to {server} in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return crowd;
    }

    public void Clear()
    {
        foreach (var w in Watchers) w.Clear();
    }

    public async ValueTask DisposeAsync() =>
        await Parallel.ForEachAsync(Watchers, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (w, _) => await w.DisposeAsync());
}
