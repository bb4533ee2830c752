using Azure.Core;
using Azure.Data.Tables;

namespace Occupancy.Grains;

/// <summary>
/// Table clients with short timeouts: a stalled store must answer in seconds (as 503, outcome unknown),
/// not hang a request for the SDK's default 100 s times several retries.
/// </summary>
public static class StorageClients
{
    public const string DefaultConnectionString = "UseDevelopmentStorage=true";

    public static TableServiceClient Tables(string? connectionString) =>
        new(string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString, Options());

    private static TableClientOptions Options()
    {
        var options = new TableClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(4);
        return options;
    }
}
