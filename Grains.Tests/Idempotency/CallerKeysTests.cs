using Occupancy.Grains.Idempotency;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Idempotency;

/// <summary>A caller's key belongs to the first target it succeeds on; while it runs, no other target may take it.</summary>
[Collection(RulesCollection.Name)]
public sealed class CallerKeysTests(RulesClusterFixture fixture)
{
    [Fact]
    public async Task A_key_held_by_a_running_request_is_refused_elsewhere_and_freed_when_that_request_fails()
    {
        var key = new IdempotencyKey($"sub:{Guid.NewGuid():N}", "k-1");
        var keys = CallerKeys.ShardOf(fixture.Client, key);

        var first = await keys.Reserve(key, "POST /api/facilities/a/entries");
        var whileRunning = await keys.Reserve(key, "POST /api/facilities/b/entries");
        await keys.Settle(key, "POST /api/facilities/a/entries", succeeded: false);
        var afterFailure = await keys.Reserve(key, "POST /api/facilities/b/entries");

        Assert.Equal((true, false, true), (first, whileRunning, afterFailure));
    }

    [Fact]
    public async Task A_key_that_succeeded_stays_with_its_target_and_other_callers_keep_their_own_keys()
    {
        var key = new IdempotencyKey($"sub:{Guid.NewGuid():N}", "k-2");
        var othersKey = key with { Scope = $"addr:{Guid.NewGuid():N}" };
        var keys = CallerKeys.ShardOf(fixture.Client, key);

        await keys.Reserve(key, "POST /api/sessions/s/bookings");
        await keys.Settle(key, "POST /api/sessions/s/bookings", succeeded: true);

        Assert.True(await keys.Reserve(key, "POST /api/sessions/s/bookings"));
        Assert.False(await keys.Reserve(key, "POST /api/sessions/t/bookings"));
        Assert.True(await CallerKeys.ShardOf(fixture.Client, othersKey).Reserve(othersKey, "POST /api/sessions/t/bookings"));
    }

    [Fact]
    public async Task A_thousand_callers_settling_at_once_land_in_a_few_shards_and_each_key_stays_bound()
    {
        var callers = Enumerable.Range(0, 1000).Select(i => new IdempotencyKey($"sub:rush-{Guid.NewGuid():N}-{i}", "book-once")).ToArray();

        await Task.WhenAll(callers.Select(async key =>
        {
            var shard = CallerKeys.ShardOf(fixture.Client, key);
            Assert.True(await shard.Reserve(key, "POST /api/sessions/rush/bookings"));
            await shard.Settle(key, "POST /api/sessions/rush/bookings", succeeded: true);
        }));

        var used = callers.Select(k => CallerKeys.ShardOf(fixture.Client, k).GetPrimaryKeyLong()).Distinct().Count();
        Assert.True(used <= CallerKeys.Shards, $"{used} shards");
        foreach (var key in callers.Take(50))
            Assert.False(await CallerKeys.ShardOf(fixture.Client, key).Reserve(key, "POST /api/sessions/other/bookings"), key.Scope);
    }
}
