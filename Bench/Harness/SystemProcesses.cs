using System.Data.Common;
using Occupancy.Bench.Watchers;

namespace Occupancy.Bench.Harness;

/// <summary>The processes of the system under test, found by the ports they listen on (so other systems on the machine do not count).</summary>
internal static class SystemProcesses
{
    public static IReadOnlyDictionary<string, int> Find(int apiPort, string storage, int? gatewayPort)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        Add(found, "Api node", apiPort);
        if (gatewayPort is { } gateway) Add(found, "silo", gateway);
        if (StorePort(storage) is { } store) Add(found, "Azurite", store);
        found["bench"] = Environment.ProcessId;
        return found;
    }

    private static void Add(Dictionary<string, int> found, string name, int port)
    {
        try
        {
            found[name] = ProcessMemory.ListeningOn(port);
        }
        catch (InvalidOperationException)
        {
            // Not on this machine (or not readable): its CPU counts under "everything else".
        }
    }

    private static int? StorePort(string storage)
    {
        if (storage.Length == 0) return null;
        var parts = new DbConnectionStringBuilder { ConnectionString = storage };
        return parts.TryGetValue("TableEndpoint", out var endpoint) && Uri.TryCreate(endpoint?.ToString(), UriKind.Absolute, out var uri) ? uri.Port : null;
    }
}
