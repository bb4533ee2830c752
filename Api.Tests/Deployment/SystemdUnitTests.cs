using System.Net;
using Occupancy.Grains.Management;

namespace Occupancy.Api.Tests.Deployment;

/// <summary>
/// deploy/systemd: every unit with its example environment files, checked against the process it starts, built as
/// Program.cs builds it under that environment (one machine running the silo, a second silo and the Api node).
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly Lazy<IReadOnlyList<Started>> Machine = new(() =>
        [.. from unit in SystemdUnit.All() from instance in unit.Instances() select new Started(unit, instance, NodeProcess.Build(unit.Kind, unit.EnvironmentOf(instance)))]);

    [Fact]
    public void There_are_units_for_silos_and_Api_nodes()
    {
        Assert.Contains(Machine.Value, s => s.Unit.Kind == NodeKind.Silo && !s.Unit.IsTemplate);
        Assert.Contains(Machine.Value, s => s.Unit.Kind == NodeKind.Silo && s.Unit.IsTemplate && s.Instance is not null);
        Assert.Contains(Machine.Value, s => s.Unit.Kind == NodeKind.Api);
    }

    [Fact]
    public void Units_restart_with_back_off_and_stop_gracefully_within_their_timeout()
    {
        foreach (var (unit, instance, process) in Machine.Value)
        {
            var name = instance is null ? unit.Name : unit.Name.Replace("@", "@" + instance, StringComparison.Ordinal);
            Assert.Equal("on-failure", unit.Get("Service", "Restart"));
            Assert.NotNull(unit.Get("Service", "RestartSec"));
            Assert.Equal("SIGTERM", unit.Get("Service", "KillSignal"));
            var stop = SystemdUnit.Seconds(unit.Get("Service", "TimeoutStopSec") ?? throw new InvalidOperationException($"{name} has no TimeoutStopSec"));
            Assert.True(stop > process.ShutdownTimeout.TotalSeconds, $"{name} kills the process after {stop} s, inside its {process.ShutdownTimeout} graceful stop");
            Assert.True(unit.Get("Service", "User") is { Length: > 0 } user && user != "root", $"{name} runs as root");
            Assert.Equal("yes", unit.Get("Service", "NoNewPrivileges"));
            Assert.Equal("strict", unit.Get("Service", "ProtectSystem"));
            Assert.Contains("network-online.target", unit.All("Unit", "After"));
            Assert.Contains("network-online.target", unit.All("Unit", "Wants"));
        }
    }

    [Fact]
    public void Environment_files_name_only_settings_the_code_reads()
    {
        // Each process with every setting its files name, the commented examples included: a bound section's settings
        // are read only when the section has some.
        var readers = Machine.Value
            .Select(s => (s.Unit, s.Instance, Process: NodeProcess.Build(s.Unit.Kind, s.Unit.EnvironmentWithSuggestions(s.Instance))))
            .SelectMany(s => s.Unit.EnvironmentFiles(s.Instance).Select(file => (file, s.Process)))
            .GroupBy(r => r.file, r => r.Process);
        foreach (var file in readers)
        {
            var names = SystemdUnit.Assignments(file.Key).Concat(SystemdUnit.Suggestions(file.Key)).Select(a => a.Name).ToList();
            Assert.NotEmpty(names);
            foreach (var name in names)
            {
                // A file read by silos and Api nodes alike may hold settings that only one of them reads.
                var read = file.Any(p => p.Reads(name.Replace("__", ":", StringComparison.Ordinal)));
                Assert.True(read, $"{Path.GetFileName(file.Key)} names {name}, which no process reading it ever reads");
            }
        }
    }

    [Fact]
    public void The_processes_of_one_machine_take_distinct_ports_and_the_silos_are_reachable_from_other_machines()
    {
        var started = Machine.Value;
        for (var i = 0; i < started.Count; i++)
        {
            for (var j = i + 1; j < started.Count; j++)
            {
                var shared = started[i].Process.Ports.Intersect(started[j].Process.Ports).ToList();
                Assert.True(shared.Count == 0, $"{started[i]} and {started[j]} would both listen on {string.Join(", ", shared)}");
            }
        }
        foreach (var (unit, instance, process) in started)
        {
            var management = ManagementListener.From(process.Configuration).Ports;
            var open = process.Urls.Where(u => !management.Contains(NodeProcess.UrlPort(u))).ToList();
            Assert.All(open, url => Assert.False(NodeProcess.IsLoopbackOnly(url), $"{unit.Name} {instance} would listen on {url} only"));
            if (process.Endpoints is { } endpoints)
            {
                Assert.DoesNotContain(typeof(Orleans.Hosting.Kubernetes.KubernetesHostingOptions), process.ConfiguredOptions);
                Assert.False(endpoints.AdvertisedIPAddress is null || IPAddress.IsLoopback(endpoints.AdvertisedIPAddress),
                    $"{unit.Name} {instance} advertises {endpoints.AdvertisedIPAddress}: no other machine can reach it");
            }
        }
        Assert.Single(started.Select(s => (s.Process.Cluster.ClusterId, s.Process.Cluster.ServiceId)).Distinct());
    }

    private sealed record Started(SystemdUnit Unit, string? Instance, NodeProcess Process)
    {
        public override string ToString() => Instance is null ? Unit.Name : $"{Unit.Name} instance {Instance}";
    }
}
