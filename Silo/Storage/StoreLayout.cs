using Azure;
using Azure.Data.Tables;

namespace Occupancy.Silo.Storage;

/// <summary>
/// The row keys a service's grain state uses, recorded once in a row of the state's own table, so that every silo
/// of the service, and every later start, keys alike. A service that already has state rows and no record made
/// them keyed by state (<see cref="RowKeys.PerState"/>) and keeps that; a service without rows keys by grain.
/// </summary>
internal static class StoreLayout
{
    private const string Row = "layout";
    private const string Property = "RowKeys";

    /// <summary>The record's partition: beside the service's grains (<c>{serviceId}_{grain}</c>), never one of them.</summary>
    internal static string Partition(string serviceId) => $"{serviceId}_~store";

    /// <summary>Called once the provider has made its table.</summary>
    public static async Task<RowKeys> ResolveAsync(TableClient table, string serviceId, CancellationToken cancellationToken)
    {
        if (await RecordedAsync(table, serviceId, cancellationToken) is { } recorded) return recorded;
        var layout = await HasStateRowsAsync(table, serviceId, cancellationToken) ? RowKeys.PerState : RowKeys.PerGrain;
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition(serviceId), Row) { [Property] = layout.ToString() }, cancellationToken);
            return layout;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            // Another silo of the service recorded it first: its record holds.
            return await RecordedAsync(table, serviceId, cancellationToken)
                ?? throw new InvalidOperationException("The store's row layout was recorded and then vanished.", conflict);
        }
    }

    private static async Task<RowKeys?> RecordedAsync(TableClient table, string serviceId, CancellationToken cancellationToken)
    {
        var record = await table.GetEntityIfExistsAsync<TableEntity>(Partition(serviceId), Row, cancellationToken: cancellationToken);
        if (!record.HasValue) return null;
        var value = record.Value!.GetString(Property);
        return Enum.TryParse<RowKeys>(value, out var layout)
            ? layout
            : throw new InvalidOperationException($"The store's grain state rows are keyed as '{value}', which this version does not know.");
    }

    private static async Task<bool> HasStateRowsAsync(TableClient table, string serviceId, CancellationToken cancellationToken)
    {
        // The service's partitions sort between "{serviceId}_" and "{serviceId}`" ('`' follows '_').
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {serviceId + "_"} and PartitionKey lt {serviceId + "`"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 10, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (row.PartitionKey != Partition(serviceId)) return true;
        }
        return false;
    }
}
