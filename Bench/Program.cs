using Occupancy.Bench;
using Occupancy.Bench.Chaos;
using Occupancy.Bench.Floors;
using Occupancy.Bench.Harness;
using Occupancy.Bench.Scenarios;

// Benchmarks against a running system (./run.sh or scripts/bench.sh). Figures, not assertions.
// A later option wins over an earlier one: scripts/bench.sh passes defaults (--out …) before the caller's own.
var options = new Dictionary<string, string>();
foreach (var (arg, i) in args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--")))
    options[arg[2..]] = i + 1 < args.Length ? args[i + 1] : "";
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

if (which == "upgrade")
{
    // The rolling upgrade drill (scripts/upgrade-drill.sh): a system of its own rolled from --from to --to by scripts/upgrade.sh.
    var (drill, drillPassed) = await Occupancy.Bench.Upgrade.UpgradeDrill.RunAsync(new Occupancy.Bench.Upgrade.UpgradeDrillSettings
    {
        RepoRoot = ChaosRun.FindRepositoryRoot(Directory.GetCurrentDirectory()),
        From = Path.GetFullPath(Option("from", "")),
        To = Path.GetFullPath(Option("to", "")),
        DataDir = Path.GetFullPath(Option("data-dir", "artifacts/upgrade/run")),
        Bookers = int.Parse(Option("bookers", "200")),
        Sessions = int.Parse(Option("sessions", "20")),
        Watchers = int.Parse(Option("watchers", "200")),
        Think = TimeSpan.FromSeconds(double.Parse(Option("think", "5"))),
    }, line => Console.WriteLine($"[upgrade] {line}"));
    Console.WriteLine(drill);
    if (options.TryGetValue("out", out var drillOut) && drillOut.Length > 0)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(drillOut))!);
        await File.WriteAllTextAsync(drillOut, drill);
    }

    return drillPassed ? 0 : 1;
}

if (which == "forecast") return Occupancy.Bench.Forecasts.ForecastAccuracy.Run(Option("seeds", "12,1,2,3,4"));

if (which == "floor")
{
    // A floor in a process of its own (Floors/FloorServer starts these): Bench floor <kind> --port P.
    await Floor.Run(args.Where(a => !a.StartsWith("--")).Skip(1).FirstOrDefault() ?? "", int.Parse(Option("port", "5380")), args);
    return 0;
}

var context = new BenchContext
{
    Api = new Uri(Option("api", "http://localhost:5080")),
    Storage = Option("storage", ""),
    DataDir = Option("data-dir", Environment.GetEnvironmentVariable("DATA_DIR") ?? ".data"),
    Tokens = BenchTokens.FromDataDir(Option("data-dir", Environment.GetEnvironmentVariable("DATA_DIR") ?? ".data")),
    RepoRoot = ChaosRun.FindRepositoryRoot(Directory.GetCurrentDirectory()),
    Configuration = ChaosRun.ConfigurationOf(AppContext.BaseDirectory),
    Warmups = int.Parse(Option("warmups", "1")),
    Repetitions = int.Parse(Option("repetitions", "3")),
    Options = options,
    Processes = SystemProcesses.Find(new Uri(Option("api", "http://localhost:5080")).Port, Option("storage", ""),
        int.TryParse(Option("gateway-port", ""), out var gatewayPort) ? gatewayPort : null),
};

// Every scenario of BENCHMARKS.md, in the order a full run ("all") takes them. City scale has its own command.
IScenario[] scenarios = [new RushScenario(), new SpreadScenario(), new TablesScenario(), new LunchScenario(), new ReadsScenario(), new FanoutScenario(), new IdleScenario()];
IScenario[] separate = [new CityScenario(scenarios)];

var report = new BenchReport { Command = Option("command", "dotnet Bench.dll " + string.Join(' ', args)) };
var chosen = which == "all" ? scenarios : scenarios.Concat(separate).Where(s => s.Name == which).ToArray();
if (chosen.Length == 0 && which != "reconnects")
{
    Console.Error.WriteLine($"Unknown scenario '{which}'. Scenarios: all, {string.Join(", ", scenarios.Concat(separate).Select(s => s.Name))}, reconnects, chaos.");
    return 2;
}

var whole = System.Diagnostics.Stopwatch.StartNew();
foreach (var scenario in chosen)
{
    var started = System.Diagnostics.Stopwatch.GetTimestamp();
    await scenario.Run(context, report);
    report.Took(scenario.Name, System.Diagnostics.Stopwatch.GetElapsedTime(started));
}
report.Took(null, whole.Elapsed);
var text = report.ToMarkdown();
if (which == "reconnects")
    text = await Reconnects.Run(context.Api, int.Parse(Option("watchers", "500")), int.Parse(Option("restart-port", "5290")),
        Option("api-dll", $"Api/bin/{context.Configuration}/net10.0/Api.dll"), context.Storage, context.DataDir, context.Tokens);

Console.WriteLine(text);
if (options.TryGetValue("out", out var path) && path.Length > 0)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, text + "\n");
}

return 0;
