using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Occupancy.Grains.Telemetry;
using Orleans.Serialization;

namespace Occupancy.Grains;

/// <summary>
/// Group commit for a reentrant grain whose state is hot. Requests change <see cref="Working"/> synchronously
/// in one turn (validate and apply, no await in between), then await <see cref="CommitAsync"/>. One write is in
/// flight at a time; every change made while it is in flight joins the next single write. No request is
/// answered before the write that holds its change is durable.
/// <para>
/// The store only ever sees a deep copy, taken when a write starts: that is inside a call to
/// <see cref="CommitAsync"/> (made once a change is complete) or after an await, never in the middle of a change,
/// so a write never holds half a change. Nothing mutates the copy afterwards, and
/// <see cref="Durable"/> is exactly what the store acknowledged (reads and pushes use it). When a write fails,
/// the stored state is read back, <see cref="Working"/> restarts from it, and every request whose change was
/// in that write or waiting for the next one gets <see cref="StorageUnavailableException"/> (outcome unknown).
/// Without <see cref="ReadBack"/>, <see cref="Working"/> restarts from <see cref="Durable"/> at once instead.
/// </para>
/// </summary>
internal sealed class GroupCommit<TState> where TState : class
{
    private readonly IPersistentState<TState> _store;
    private readonly DeepCopier<TState> _copier;
    private readonly IGrainBase _grain;
    private readonly ILogger _logger;
    private readonly GroupCommitTrace _trace;
    private readonly OccupancyMetrics? _metrics;
    private TaskCompletionSource? _next;
    /// <summary>Calls waiting on <see cref="_next"/>: the batch size the metrics report.</summary>
    private int _nextWaiters;
    private bool _writing;

    public GroupCommit(IPersistentState<TState> store, DeepCopier<TState> copier, IGrainBase grain, ILogger logger)
    {
        _store = store;
        _copier = copier;
        _grain = grain;
        _logger = logger;
        _trace = new GroupCommitTrace(grain);
        _metrics = grain.GrainContext.ActivationServices.GetService<OccupancyMetrics>();
        Durable = store.State;
        Working = copier.Copy(store.State);
    }

    /// <summary>The state requests read and change: what has been decided, durable or about to be.</summary>
    public TState Working { get; private set; }

    /// <summary>The state the store acknowledged last.</summary>
    public TState Durable { get; private set; }

    /// <summary>
    /// Whether a failed write reads the stored state back (true) or returns to <see cref="Durable"/> at once without
    /// asking the store, which is away (false). Without the read-back, a write that failed but landed after all
    /// leaves the store an etag ahead; the next write is then refused as inconsistent, and the grain deactivates so
    /// that its next activation starts from the store.
    /// </summary>
    public bool ReadBack { get; init; } = true;

    /// <summary>
    /// Whether <see cref="Working"/> is known to continue from what the store holds. False after a write whose
    /// outcome is unknown, until a later write is acknowledged (its etag check proves the failed one never landed
    /// and never will) or the read-back finds the store moved past the failed write's etag. While false, the store
    /// may hold, or may yet receive, a change memory does not show.
    /// </summary>
    public bool Settled { get; private set; } = true;

    /// <summary>
    /// Marks the state just loaded as possibly behind the store: an earlier activation, on a silo that died mid-write,
    /// may have sent a write the store has not applied yet. Until this activation's own write is acknowledged (its
    /// etag check then proves no older write can land) <see cref="SettleAsync"/> writes first.
    /// </summary>
    public void DistrustLoaded() => Settled = false;

    /// <summary>
    /// The least time from the start of one write to the start of the next; changes made meanwhile wait and share
    /// that next write. Zero (the default) writes as soon as the previous write is done. For a large row changed often
    /// in the background, where every write costs the store by its size and a second's wait costs nobody.
    /// </summary>
    public TimeSpan Pace { get; init; }

    private long _lastWriteStarted;

    /// <summary>Acknowledged writes of this activation (diagnostics: how well changes are batched).</summary>
    public long Writes { get; private set; }

    /// <summary>Called after every acknowledged write (publish, dispatch), before the waiting requests resume.</summary>
    public Action? Written { get; set; }

    /// <summary>Called after <see cref="Working"/> was replaced by the stored state, so derived memory can be rebuilt.</summary>
    public Action? Reverted { get; set; }

    /// <summary>
    /// Awaited with the state about to be written, before it is written: what must be durable no later than the
    /// change (such as a reminder that delivers it). When it fails, the write fails (outcome unknown) and nothing is written.
    /// </summary>
    public Func<TState, Task>? BeforeWrite { get; set; }

    /// <summary>
    /// Completes at once when <see cref="Settled"/>; otherwise writes (the working state as it is, perhaps nothing
    /// new) so that a decision made from memory so far is one the store agrees with. Throws
    /// <see cref="StorageUnavailableException"/> when that write fails: then memory may still be behind the store.
    /// </summary>
    public Task SettleAsync() => Settled ? Task.CompletedTask : CommitAsync();

    /// <summary>Completes when the changes made to <see cref="Working"/> so far are durable.</summary>
    public Task CommitAsync()
    {
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _nextWaiters++;
        var batch = _next.Task;
        _trace.Queued(_next);
        if (!_writing) _ = WriteBatchesAsync();
        return batch;
    }

    private async Task WriteBatchesAsync()
    {
        _writing = true;
        try
        {
            while (_next is { } batch)
            {
                if (Pace > TimeSpan.Zero && _lastWriteStarted != 0 && Pace - Stopwatch.GetElapsedTime(_lastWriteStarted) is { Ticks: > 0 } wait)
                    await Task.Delay(wait);
                _lastWriteStarted = Stopwatch.GetTimestamp();
                _next = null;
                using var write = _trace.StartWrite(batch);
                var waiters = _nextWaiters;
                _nextWaiters = 0;
                var copy = _copier.Copy(Working);
                _store.State = copy;
                var basedOn = _store.Etag;
                try
                {
                    if (BeforeWrite is { } before) await before(copy);
                    await _store.WriteStateAsync();
                }
                catch (Exception writeError)
                {
                    var failure = new StorageUnavailableException("The store did not confirm the write; the outcome is unknown.", writeError);
                    GroupCommitTrace.Failed(write);
                    Settled = false;
                    if (!ReadBack)
                    {
                        // Back to what was acknowledged before any waiter resumes: a retry never sees the lost change.
                        RevertToDurable(writeError);
                        batch.TrySetException(failure);
                        _next?.TrySetException(failure);
                        _next = null;
                        _nextWaiters = 0;
                        continue;
                    }
                    batch.TrySetException(failure);
                    await RevertAsync(writeError, basedOn);
                    // Changes that joined meanwhile were made to a state that no longer exists.
                    if (_next is { } later)
                    {
                        _next = null;
                        _nextWaiters = 0;
                        later.TrySetException(failure);
                    }
                    continue;
                }
                Durable = copy;
                Settled = true;
                Writes++;
                _metrics?.GroupCommitted(_grain.GrainContext.GrainId.Type.ToString()!, waiters);
                try
                {
                    Written?.Invoke();
                }
                catch (Exception error)
                {
                    _logger.LogWarning(error, "After-write work of {Grain} failed", _grain.GrainContext.GrainId);
                }
                batch.TrySetResult();
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private void RevertToDurable(Exception writeError)
    {
        if (writeError is Orleans.Storage.InconsistentStateException)
        {
            // The store holds a write this activation never saw acknowledged: start again from the store.
            _logger.LogWarning(writeError, "State of {Grain} changed under it; deactivating it to reload", _grain.GrainContext.GrainId);
            _grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "stored state moved on"));
        }
        else
        {
            _logger.LogWarning(writeError, "State write of {Grain} failed; back to the last acknowledged state", _grain.GrainContext.GrainId);
        }
        _store.State = Durable;
        Working = _copier.Copy(Durable);
        Reverted?.Invoke();
    }

    private async Task RevertAsync(Exception writeError, string? basedOn)
    {
        _logger.LogWarning(writeError, "State write of {Grain} failed; reverting to the stored state", _grain.GrainContext.GrainId);
        try
        {
            await _store.ReadStateAsync();
            // The store still at the failed write's etag: that write may yet land (a request the store has not
            // processed). Moved on: it never can, its etag check fails.
            Settled = _store.Etag != basedOn;
            Durable = _store.State;
            Working = _copier.Copy(_store.State);
            Reverted?.Invoke();
        }
        catch (Exception readError)
        {
            // The store is away (the read-back fails too): stay active and readable from what was acknowledged last.
            // Should the failed write have landed after all, the store is an etag ahead and the next write is
            // refused as inconsistent; that failure's read-back then brings the stored state in.
            _logger.LogWarning(readError, "Reading back {Grain} failed; continuing from its last acknowledged state", _grain.GrainContext.GrainId);
            _store.State = Durable;
            Working = _copier.Copy(Durable);
            Reverted?.Invoke();
        }
    }
}
