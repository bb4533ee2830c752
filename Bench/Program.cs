using Occupancy.Bench;
using Occupancy.Bench.Chaos;

// Benchmarks against a running system (./run.sh or scripts/bench.sh). Figures, not assertions.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--")).ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "");
string Option(string name, string fallback) => options.TryGetValue(name, out var v) && v.Length > 0 ? v : fallback;

var which = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "all";
if (which == "chaos")
{
    // Silo kills under load, on a system of its own (scripts/chaos.sh). Exits 1 when an invariant failed.
    var chaos = await ChaosRun.RunAsync(new ChaosSettings
    {
        RepoRoot = ChaosRun.FindRepositoryRoot(Directory.GetCurrentDirectory()),
        Configuration = ChaosRun.ConfigurationOf(AppContext.BaseDirectory),
        Silos = int.Parse(Option("silos", "3")),
        Apis = int.Parse(Option("apis", "2")),
        Bookers = int.Parse(Option("bookers", "1000")),
        Sessions = int.Parse(Option("sessions", "50")),
        Capacity = int.Parse(Option("capacity", "8")),
        Waitlist = int.Parse(Option("waitlist", "6")),
        Kills = int.Parse(Option("kills", "4")),
        Think = TimeSpan.FromSeconds(double.Parse(Option("think", "30"))),
        KillEvery = TimeSpan.FromSeconds(double.Parse(Option("kill-every", "30"))),
        DataDir = options.TryGetValue("data-dir", out var chaosData) && chaosData.Length > 0 ? Path.GetFullPath(chaosData) : null,
    }, line => Console.WriteLine($"[chaos] {line}"));
    var markdown = chaos.ToMarkdown();
    Console.WriteLine(markdown);
    if (options.TryGetValue("out", out var chaosOut) && chaosOut.Length > 0)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(chaosOut))!);
        await File.WriteAllTextAsync(chaosOut, markdown);
    }

    return chaos.Passed ? 0 : 1;
}

var api = new Uri(Option("api", "http://localhost:5080"));
var tokens = BenchTokens.FromDataDir(Option("data-dir", Environment.GetEnvironmentVariable("DATA_DIR") ?? ".data"));
var report = new List<string> { $"# Occupancy bench — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores" };

if (which is "all" or "store")
    report.Add(await StoreWrites.Run(Option("storage", ""), int.Parse(Option("writes", "500"))));
if (which is "all" or "tables")
    report.Add(await TableUpdates.Run(api, Option("canteen", "binjiang-canteen"), int.Parse(Option("writers", "8")), TimeSpan.FromSeconds(double.Parse(Option("seconds", "10"))), tokens));
if (which is "all" or "rush")
    report.Add(await Rush.Run(api, int.Parse(Option("bookers", "1000")), int.Parse(Option("capacity", "30")), int.Parse(Option("waitlist", "20")), tokens));
if (which is "all" or "reconnects")
    report.Add(await Reconnects.Run(api, int.Parse(Option("watchers", "500")), int.Parse(Option("restart-port", "5290")),
        Option("api-dll", $"Api/bin/{Environment.GetEnvironmentVariable("CONFIGURATION") ?? "Release"}/net10.0/Api.dll"),
        Option("storage", ""), Option("data-dir", Environment.GetEnvironmentVariable("DATA_DIR") ?? ".data"), tokens));

var text = string.Join("\n\n", report);
Console.WriteLine(text);
if (options.TryGetValue("out", out var path) && path.Length > 0)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, text + "\n");
}
return 0;
