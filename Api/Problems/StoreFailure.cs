namespace Occupancy.Api.Problems;

/// <summary>
/// Recognises a failure caused by the store rather than by the cluster: a grain that could not load its state
/// while the store is away (Orleans reports "Error from storage provider …" around the table client's error),
/// or the table client's own error. Such a request is <c>storage-unavailable</c>, not <c>cluster-unavailable</c>:
/// the cluster is up, the store is not.
/// </summary>
internal static class StoreFailure
{
    private const string StorageProviderError = "Error from storage provider";

    public static bool IsCause(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        var seen = 0;
        while (pending.TryPop(out var error) && seen++ < 32)
        {
            if (error is Azure.RequestFailedException or Orleans.Storage.InconsistentStateException) return true;
            if (error is OrleansException && error.Message.StartsWith(StorageProviderError, StringComparison.Ordinal)) return true;
            if (error is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (error.InnerException is { } inner) pending.Push(inner);
        }
        return false;
    }
}
