using System.Diagnostics;
using Azure.Data.Tables;
using Occupancy.Grains;

namespace Occupancy.Bench;

/// <summary>The store's own sequential write rate: the floor every durable answer stands on.</summary>
internal static class StoreWrites
{
    public static async Task<string> Run(string? connectionString, int count)
    {
        var table = StorageClients.Tables(connectionString).GetTableClient($"bench{Guid.NewGuid():N}"[..20]);
        await table.CreateIfNotExistsAsync();
        var latency = new Latencies();
        var payload = new string('x', 512);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await table.UpsertEntityAsync(new TableEntity("p", (i % 50).ToString()) { ["Data"] = payload, ["N"] = i });
            latency.Add(Stopwatch.GetElapsedTime(sent));
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        await table.DeleteAsync();
        return $"""
            ## Raw store writes (sequential upserts of one 512-byte entity)
            - {count} writes in {elapsed.TotalSeconds:F2} s: {count / elapsed.TotalSeconds:F0} writes/s
            - latency: {latency.Summary()}
            """;
    }
}
