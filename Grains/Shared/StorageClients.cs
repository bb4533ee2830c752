using Azure.Core;
using Azure.Data.Tables;

namespace Occupancy.Grains;

/// <summary>
/// Table clients with short timeouts: a stalled store must answer in seconds (as 503, outcome unknown),
/// not hang a request for the SDK's default 100 s times several retries; and once it did not answer, the
/// requests queued behind fail at once for a moment instead of each waiting out the same timeouts.
/// </summary>
public static class StorageClients
{
    public const string DefaultConnectionString = "UseDevelopmentStorage=true";

    public static TableServiceClient Tables(string? connectionString)
    {
        var store = string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString;
        return new TableServiceClient(store, Options(store));
    }

    /// <summary>
    /// For cluster membership: no fast-fail and a longer wait per try. A silo joining, or declaring a dead one dead,
    /// must get its row written even while the store is slow under a recovery's load (with the request client's 4 s
    /// a restarted silo gave up joining: "exceeded the configured timeout of 0:00:04", three tries). Nobody waits on
    /// these writes for an answer, and a stop is bounded by the silo's own shutdown timeout.
    /// </summary>
    public static TableServiceClient Membership(string? connectionString)
    {
        var store = string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString;
        var options = new TableClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = MembershipNetworkTimeout;
        return new TableServiceClient(store, options);
    }

    internal static readonly TimeSpan MembershipNetworkTimeout = TimeSpan.FromSeconds(15);

    private static TableClientOptions Options(string store)
    {
        var options = new TableClientOptions();
        // Each try: a frozen store costs one network timeout, then fails fast for a moment (StoreCircuit).
        options.AddPolicy(StoreCircuit.For(store), HttpPipelinePosition.PerRetry);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(4);
        return options;
    }
}
