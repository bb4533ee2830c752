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
        var keys = fixture.Client.GetGrain<ICallerKeysGrain>($"sub:{Guid.NewGuid():N}");

        var first = await keys.Reserve("k-1", "POST /api/facilities/a/entries");
        var whileRunning = await keys.Reserve("k-1", "POST /api/facilities/b/entries");
        await keys.Settle("k-1", "POST /api/facilities/a/entries", succeeded: false);
        var afterFailure = await keys.Reserve("k-1", "POST /api/facilities/b/entries");

        Assert.Equal((true, false, true), (first, whileRunning, afterFailure));
    }

    [Fact]
    public async Task A_key_that_succeeded_stays_with_its_target_and_other_callers_keep_their_own_keys()
    {
        var keys = fixture.Client.GetGrain<ICallerKeysGrain>($"sub:{Guid.NewGuid():N}");
        var otherCaller = fixture.Client.GetGrain<ICallerKeysGrain>($"addr:{Guid.NewGuid():N}");

        await keys.Reserve("k-2", "POST /api/sessions/s/bookings");
        await keys.Settle("k-2", "POST /api/sessions/s/bookings", succeeded: true);

        Assert.True(await keys.Reserve("k-2", "POST /api/sessions/s/bookings"));
        Assert.False(await keys.Reserve("k-2", "POST /api/sessions/t/bookings"));
        Assert.True(await otherCaller.Reserve("k-2", "POST /api/sessions/t/bookings"));
    }
}
