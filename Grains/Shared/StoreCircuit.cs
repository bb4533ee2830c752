using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Occupancy.Grains;

/// <summary>
/// Once a request to the store got no answer (a timeout or a refused connection), requests to the same store
/// fail at once for <see cref="OpenFor"/> instead of each waiting out its own network timeout. Against a frozen
/// store, a grain's queued writes are answered 503 in seconds rather than one network timeout after another;
/// after the pause, the next request tries the store again. Any answer from the store, even an error, closes it.
/// </summary>
internal sealed class StoreCircuit : HttpPipelinePolicy
{
    internal static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<string, StoreCircuit> ByStore = new();

    private long _openUntil;

    /// <summary>One circuit per store (connection string) in this process, shared by all its table clients.</summary>
    public static StoreCircuit For(string connectionString) => ByStore.GetOrAdd(connectionString, _ => new StoreCircuit());

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfOpen();
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception error) when (Unanswered(error, message))
        {
            Open();
            throw;
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfOpen();
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        catch (Exception error) when (Unanswered(error, message))
        {
            Open();
            throw;
        }
    }

    private void ThrowIfOpen()
    {
        if (Stopwatch.GetTimestamp() < Interlocked.Read(ref _openUntil))
            throw new RequestFailedException("The store did not answer a moment ago; not waiting on it again yet.");
    }

    private void Open() => Interlocked.Exchange(ref _openUntil, Stopwatch.GetTimestamp() + (long)(OpenFor.TotalSeconds * Stopwatch.Frequency));

    /// <summary>The store gave no answer: not a status code, and not the caller giving up.</summary>
    private static bool Unanswered(Exception error, HttpMessage message) =>
        !message.HasResponse && !message.CancellationToken.IsCancellationRequested
        && error is RequestFailedException { Status: 0 } or OperationCanceledException or HttpRequestException or IOException;
}
