using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Occupancy.Testing;

namespace Occupancy.Grains.Tests.Support;

/// <summary>The real silo program (Silo.dll of this build) as a process of its own, on free ports, in a cluster of its own.</summary>
internal static class SiloDll
{
    /// <summary>Starts one silo on <paramref name="connectionString"/>; its output lines go to <paramref name="output"/>.</summary>
    public static Process Start(string connectionString, string clusterPrefix, ConcurrentQueue<string> output, out int healthPort)
    {
        var root = AzuriteInstance.FindRepositoryRoot();
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<configuration>/net10.0
        var siloDir = Path.Combine(root, "Silo");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = siloDir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(siloDir, "bin", configuration, "net10.0", "Silo.dll"));
        healthPort = FreePort();
        var id = $"{clusterPrefix}-{Guid.NewGuid():N}"[..20];
        start.Environment["Storage__ConnectionString"] = connectionString;
        start.Environment["Silo__SiloPort"] = FreePort().ToString();
        start.Environment["Silo__GatewayPort"] = FreePort().ToString();
        start.Environment["Silo__HealthPort"] = healthPort.ToString();
        start.Environment["Cluster__ClusterId"] = id;
        start.Environment["Cluster__ServiceId"] = id;
        start.Environment["Catalog__SeedDemo"] = "false";
        start.Environment.Remove("ASPNETCORE_URLS");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) output.Enqueue(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) output.Enqueue(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
