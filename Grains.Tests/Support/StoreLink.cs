using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// The network path from the silos to the store: a loopback TCP relay in front of Azurite that a test can
/// cut (the port refuses connections, as when the store's process is down) or stall (connections are
/// accepted and never answered, as when the store hangs), then restore. Nothing in flight while the link is
/// down ever reaches the store. The silos talk real HTTP to the real Azurite through it.
/// </summary>
public sealed class StoreLink : IAsyncDisposable
{
    private readonly int _storePort;
    private readonly ConcurrentDictionary<int, Socket> _open = new();
    private readonly CancellationTokenSource _disposed = new();
    private TcpListener? _listener;
    private volatile bool _stalled;
    private readonly ConcurrentDictionary<int, bool> _hung = new();
    private int _nextConnection;
    private long _answerDelayTicks;

    private StoreLink(int storePort, int port) => (_storePort, Port) = (storePort, port);

    public int Port { get; }

    /// <summary>Opens a link to the store listening on <paramref name="storePort"/>.</summary>
    public static StoreLink Open(int storePort)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var link = new StoreLink(storePort, port);
        link.Listen();
        return link;
    }

    /// <summary>The store's connection string with its table endpoint moved onto this link.</summary>
    public string Route(string connectionString) =>
        connectionString.Replace($"127.0.0.1:{_storePort}/", $"127.0.0.1:{Port}/", StringComparison.Ordinal);

    /// <summary>Refuses every connection from now on and resets the open ones.</summary>
    public void Cut()
    {
        _listener?.Stop();
        _listener = null;
        ResetAll();
    }

    /// <summary>Accepts connections but answers nothing, and forwards nothing, until restored.</summary>
    public void Stall()
    {
        _stalled = true;
        ResetAll();
    }

    /// <summary>
    /// The connections open now stop forwarding (what is sent on them is swallowed, nothing comes back), while new
    /// connections pass as before: one request hangs while the store answers the others, as an overloaded store does.
    /// </summary>
    public void HangOpenConnections()
    {
        foreach (var id in _open.Keys) _hung[Math.Abs(id)] = true;
    }

    /// <summary>Every answer from the store reaches the client this much later: a store slow under load, answering all.</summary>
    public void DelayAnswers(TimeSpan delay) => Interlocked.Exchange(ref _answerDelayTicks, delay.Ticks);

    public void Restore()
    {
        Interlocked.Exchange(ref _answerDelayTicks, 0);
        _hung.Clear();
        _stalled = false;
        ResetAll();
        if (_listener is null) Listen();
    }

    private void Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_disposed.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(_disposed.Token);
            }
            catch (Exception) when (_listener != listener || _disposed.IsCancellationRequested)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var id = Interlocked.Increment(ref _nextConnection);
        _open[id] = client;
        if (_stalled) return; // held open, read by nobody, until reset
        var store = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open[-id] = store;
        try
        {
            await store.ConnectAsync(IPAddress.Loopback, _storePort, _disposed.Token);
            await Task.WhenAny(PumpAsync(id, client, store, answers: false), PumpAsync(id, store, client, answers: true));
        }
        catch (Exception)
        {
            // A reset link or a closed store ends the connection; the client sees it as a network failure.
        }
        finally
        {
            Reset(id);
            Reset(-id);
        }
    }

    private async Task PumpAsync(int id, Socket from, Socket to, bool answers)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, _disposed.Token);
            if (read == 0 || _stalled) return;
            if (_hung.ContainsKey(id)) continue;
            if (answers && Interlocked.Read(ref _answerDelayTicks) is > 0 and var delay) await Task.Delay(TimeSpan.FromTicks(delay), _disposed.Token);
            await to.SendAsync(buffer.AsMemory(0, read), _disposed.Token);
        }
    }

    private void ResetAll()
    {
        foreach (var id in _open.Keys) Reset(id);
    }

    private void Reset(int id)
    {
        if (!_open.TryRemove(id, out var socket)) return;
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception)
        {
            // Already closed.
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        Cut();
        return ValueTask.CompletedTask;
    }
}
