using Occupancy.Bench;

// Benchmarks against a running system (./run.sh or scripts/bench.sh). Figures, not assertions.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--")).ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "");
string Option(string name, string fallback) => options.TryGetValue(name, out var v) && v.Length > 0 ? v : fallback;

var api = new Uri(Option("api", "http://localhost:5080"));
var which = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "all";
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
