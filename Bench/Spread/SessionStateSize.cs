using Azure.Data.Tables;

namespace Occupancy.Bench.Spread;

/// <summary>
/// How large a session's stored state is, read from the system's own grain-state table (Orleans' default
/// <c>OrleansGrainState</c>, partition keys <c>{serviceId}_session_{sessionId}</c>): the floor writes entities that size.
/// </summary>
internal static class SessionStateSize
{
    /// <returns>The median size in bytes of the stored states of sessions whose ids start with <paramref name="idPrefix"/>, or null if none was found.</returns>
    public static async Task<int?> MeasureAsync(string storage, string idPrefix, string serviceId = "occupancy")
    {
        var table = new TableServiceClient(storage).GetTableClient("OrleansGrainState");
        var from = $"{serviceId}_session_{idPrefix}";
        var sizes = new List<int>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey ge '{from}' and PartitionKey lt '{from}~'", maxPerPage: 50))
            {
                sizes.Add(row.Where(p => p.Key is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))
                    .Sum(p => p.Value switch { byte[] bytes => bytes.Length, string text => text.Length * 2, _ => 8 }));
                if (sizes.Count == 50) break;
            }
        }
        catch (Azure.RequestFailedException)
        {
            return null;
        }

        return sizes.Count == 0 ? null : sizes.Order().ElementAt(sizes.Count / 2);
    }
}
