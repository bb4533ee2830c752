using Azure.Data.Tables;

namespace Occupancy.Operations.Backup;

/// <summary>The storage account a command works on, described without its key or SAS token.</summary>
public static class StoreAccount
{
    /// <summary>Account name and table endpoint; the query (a SAS token) is left out.</summary>
    public static BackupSource Describe(TableServiceClient service) =>
        new(service.AccountName, new UriBuilder(service.Uri) { Query = "" }.Uri.ToString().TrimEnd('/'));

    public static async Task<IReadOnlySet<string>> TablesAsync(TableServiceClient service, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var table in service.QueryAsync(cancellationToken: cancellationToken)) names.Add(table.Name);
        return names;
    }

    /// <summary>Whether the table holds at least one entity (reads one key, not the table).</summary>
    public static async Task<bool> HoldsEntitiesAsync(TableClient table, CancellationToken cancellationToken)
    {
        await foreach (var page in table.QueryAsync<TableEntity>(select: ["PartitionKey"], maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0) return true;
        }
        return false;
    }
}
