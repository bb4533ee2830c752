using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Grains;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Canteen displays: SignalR connections to the Api's hub, each watching one canteen (spread round-robin), each
/// remembering when it first held every version it was pushed. A display holds version v from the first push of
/// v or a newer one.
/// </summary>
internal sealed class CanteenDisplays : IAsyncDisposable
{
    private readonly Display[] _displays;

    private CanteenDisplays(Display[] displays) => _displays = displays;

    public IReadOnlyList<Display> All => _displays;

    public static async Task<CanteenDisplays> Connect(Uri api, IReadOnlyList<string> canteens, int count)
    {
        var displays = Enumerable.Range(0, count).Select(i => new Display(api, canteens[i % canteens.Count])).ToArray();
        await Parallel.ForEachAsync(displays, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (d, _) => await d.Start());
        return new CanteenDisplays(displays);
    }

    public IEnumerable<Display> Watching(string canteen) => _displays.Where(d => d.Canteen == canteen);

    /// <summary>Forgets the pushes so far (between repetitions).</summary>
    public void Clear()
    {
        foreach (var d in _displays) d.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_displays, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (d, _) => await d.DisposeAsync());
    }

    internal sealed class Display : IAsyncDisposable
    {
        private readonly HubConnection _hub;
        private readonly Lock _gate = new();
        /// <summary>(version, first held at), versions rising: a push older than one already held adds nothing.</summary>
        private readonly List<(long Version, long At)> _held = [];

        public Display(Uri api, string canteen)
        {
            Canteen = canteen;
            _hub = new HubConnectionBuilder()
                .WithUrl(new Uri(api, "/hubs/occupancy"), o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                })
                .AddJsonProtocol(o => OccupancyJson.Configure(o.PayloadSerializerOptions))
                .Build();
            _hub.On<string, JsonElement>("changed", (_, snapshot) => Held(snapshot.GetProperty("version").GetInt64()));
        }

        public string Canteen { get; }

        public async Task Start()
        {
            await _hub.StartAsync();
            var snapshot = await _hub.InvokeAsync<JsonElement>("Watch", $"canteen:{Canteen}");
            Held(snapshot.GetProperty("version").GetInt64());
        }

        private void Held(long version)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                if (_held.Count == 0 || version > _held[^1].Version) _held.Add((version, now));
            }
        }

        /// <summary>When this display first held <paramref name="version"/> or a newer one; null if it has not yet.</summary>
        public long? FirstHolding(long version)
        {
            lock (_gate)
            {
                foreach (var (v, at) in _held)
                {
                    if (v >= version) return at;
                }
                return null;
            }
        }

        public long Newest
        {
            get
            {
                lock (_gate) return _held.Count == 0 ? -1 : _held[^1].Version;
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                if (_held.Count > 1) _held.RemoveRange(0, _held.Count - 1);
            }
        }

        public async ValueTask DisposeAsync() => await _hub.DisposeAsync();
    }
}
