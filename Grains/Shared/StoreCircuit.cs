using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Occupancy.Grains;

/// <summary>
/// Once a request to the store got no answer (a timeout or a refused connection) and the store has answered
/// nothing else for <see cref="SilentFor"/>, requests to the same store fail at once for <see cref="OpenFor"/>
/// instead of each waiting out its own network timeout. Against a frozen store, a grain's queued writes are
/// answered 503 in seconds rather than one network timeout after another; after the pause, the next request tries
/// the store again. A store that is slow but still answering others (overloaded) never opens it: one late answer
/// there must not fail every write for a moment. Any answer from the store, even an error, closes it.
/// </summary>
internal sealed class StoreCircuit : HttpPipelinePolicy
{
    internal static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(2);

    /// <summary>Shorter than a network timeout, so a frozen store opens the circuit at its first unanswered request.</summary>
    internal static readonly TimeSpan SilentFor = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<string, StoreCircuit> ByStore = new();

    private long _openUntil;
    private long _lastAnswer = Stopwatch.GetTimestamp();

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
            OpenIfSilent();
            throw;
        }
        finally
        {
            if (message.HasResponse) Interlocked.Exchange(ref _lastAnswer, Stopwatch.GetTimestamp());
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
            OpenIfSilent();
            throw;
        }
        finally
        {
            if (message.HasResponse) Interlocked.Exchange(ref _lastAnswer, Stopwatch.GetTimestamp());
        }
    }

    private void ThrowIfOpen()
    {
        if (Stopwatch.GetTimestamp() < Interlocked.Read(ref _openUntil))
            throw new RequestFailedException("The store did not answer a moment ago; not waiting on it again yet.");
    }

    private void OpenIfSilent()
    {
        var now = Stopwatch.GetTimestamp();
        if (now - Interlocked.Read(ref _lastAnswer) < (long)(SilentFor.TotalSeconds * Stopwatch.Frequency)) return;
        Interlocked.Exchange(ref _openUntil, now + (long)(OpenFor.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>The store gave no answer: not a status code, and not the caller giving up.</summary>
    private static bool Unanswered(Exception error, HttpMessage message) =>
        !message.HasResponse && !message.CancellationToken.IsCancellationRequested
        && error is RequestFailedException { Status: 0 } or OperationCanceledException or HttpRequestException or IOException;
}
