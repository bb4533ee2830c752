using System.Runtime.InteropServices;

namespace Occupancy.Bench.Chaos;

/// <summary>
/// The whole system as separate processes on free loopback ports: Azurite (data on disk, so a full restart reads
/// from storage), silos on Azure Table clustering with the production silo configuration, and Api nodes. It
/// supervises its own processes rather than reuse run.sh, which stops everything when one child dies.
/// </summary>
internal sealed class ChaosSystem : IAsyncDisposable
{
    private readonly string _repoRoot;
    private readonly string _configuration;
    private readonly string _logDir;
    private readonly Action<string> _say;
    private readonly LocalSystem _local;
    private readonly ChildProcess?[] _silos;
    private readonly ChildProcess?[] _apis;
    private readonly List<string> _events = [];
    private readonly PosixSignalRegistration[] _signals;
    private ChildProcess? _azurite;

    public ChaosSystem(string repoRoot, string configuration, string dataDir, int silos, int apis, Action<string> say)
    {
        _repoRoot = repoRoot;
        _configuration = configuration;
        DataDir = dataDir;
        _logDir = Path.Combine(dataDir, "logs");
        Directory.CreateDirectory(_logDir);
        _say = say;
        _local = new LocalSystem("chaos", silos, apis);
        _silos = new ChildProcess?[silos];
        _apis = new ChildProcess?[apis];
        // A host that exits without disposing (a crash, a test host's hang timeout, Ctrl-C, SIGTERM) must not leave
        // processes behind.
        AppDomain.CurrentDomain.ProcessExit += CrashAll;
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => CrashAll(null, EventArgs.Empty)),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => CrashAll(null, EventArgs.Empty))];
    }

    public string DataDir { get; }

    public int SiloCount => _silos.Length;

    public IReadOnlyList<Uri> ApiUrls => _local.ApiUrls;

    public string StorageConnectionString => _local.StorageConnectionString;

    /// <summary>What happened to the processes besides what the run asked for (a silo stopping on its own, say).</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events) return _events.ToArray();
        }
    }

    public async Task StartAllAsync()
    {
        await StartAzuriteAsync();
        // The silos together (creating the tables is idempotent), then the Api nodes, which need a gateway.
        await Task.WhenAll(Enumerable.Range(0, _silos.Length).Select(StartSiloAsync));
        // The first Api node creates the signing key every node then reads.
        await StartApiAsync(0);
        await Task.WhenAll(Enumerable.Range(1, _apis.Length - 1).Select(StartApiAsync));
    }

    /// <summary>Api nodes first (they are clients), then silos (they leave membership), storage last with SIGINT.</summary>
    public async Task StopAllAsync()
    {
        await Task.WhenAll(_apis.Select((p, k) => StopAsync(p, $"Api node {k + 1}", TimeSpan.FromSeconds(20))));
        await Task.WhenAll(_silos.Select((p, k) => StopAsync(p, $"silo {k + 1}", TimeSpan.FromSeconds(40))));
        if (_azurite is not null && !await _azurite.InterruptAsync(TimeSpan.FromSeconds(15)))
            Note("Azurite did not stop within 15 s of SIGINT and was killed");
        Array.Clear(_apis);
        Array.Clear(_silos);
        _azurite = null;
    }

    private async Task StopAsync(ChildProcess? process, string name, TimeSpan grace)
    {
        if (process is null) return;
        if (process.DiedUnasked) Note($"{name} had stopped on its own before the orderly stop");
        if (!await process.TerminateAsync(grace)) Note($"{name} did not stop within {grace.TotalSeconds:F0} s of SIGTERM and was killed");
    }

    public void CrashSilo(int k)
    {
        var silo = _silos[k] ?? throw new InvalidOperationException($"silo {k + 1} is not running");
        silo.Crash();
        _silos[k] = null;
    }

    /// <summary>Silos that died without being asked since the last call; noted as events.</summary>
    public IReadOnlyList<int> SilosDiedUnasked()
    {
        var dead = new List<int>();
        for (var k = 0; k < _silos.Length; k++)
        {
            if (_silos[k] is { DiedUnasked: true } silo)
            {
                Note($"silo {k + 1} stopped on its own (declared dead?): {LastLine(silo)}");
                _silos[k] = null;
                dead.Add(k);
            }
        }

        return dead;
    }

    public bool IsRunning(int silo) => _silos[silo] is { HasExited: false };

    private async Task StartAzuriteAsync()
    {
        _azurite = _local.StartAzurite(_repoRoot, DataDir, _logDir);
        await _local.WaitForAzuriteAsync(_azurite);
    }

    public async Task StartSiloAsync(int k)
    {
        var (environment, health) = _local.Silo(k);
        var process = ChildProcess.Start($"silo {k + 1}", Path.Combine(_repoRoot, "Silo"), Path.Combine(_logDir, $"silo-{k + 1}.log"),
            environment, "dotnet", [Binary("Silo"), .. LocalSystem.LogLevels]);
        _silos[k] = process;
        await LocalSystem.WaitHealthyAsync(process, health);
    }

    private async Task StartApiAsync(int k)
    {
        var (environment, health) = _local.Api(k, DataDir);
        var process = ChildProcess.Start($"Api node {k + 1}", Path.Combine(_repoRoot, "Api"), Path.Combine(_logDir, $"api-{k + 1}.log"),
            environment, "dotnet", [Binary("Api"), .. LocalSystem.LogLevels]);
        _apis[k] = process;
        await LocalSystem.WaitHealthyAsync(process, health);
    }

    private string Binary(string project)
    {
        var dll = Path.Combine(_repoRoot, project, "bin", _configuration, "net10.0", $"{project}.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first (-c {_configuration}).");
    }

    private static string LastLine(ChildProcess process) => process.Tail(1).Trim();

    public void Note(string what)
    {
        lock (_events) _events.Add(what);
        _say(what);
    }

    public ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= CrashAll;
        foreach (var signal in _signals) signal.Dispose();
        CrashAll(null, EventArgs.Empty);
        return ValueTask.CompletedTask;
    }

    private void CrashAll(object? sender, EventArgs e)
    {
        foreach (var process in _apis.Concat(_silos).Append(_azurite))
        {
            process?.Crash();
        }
    }
}
