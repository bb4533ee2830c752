using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Live;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Canteens;

/// <summary>
/// Many table updates sent to one canteen at once, as a busy canteen's seat sensors send them: they share writes,
/// every one is answered with its own change, and for each table the last one the canteen received is what stays.
/// Each write takes a moment, as in a real store, so the burst finds a write in flight whatever the machine's speed.
/// </summary>
[Collection(SlowStoreCollection.Name)]
public sealed class CanteenBatchingTests(SlowStoreClusterFixture fixture)
{
    private const int Updates = 60;
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Concurrent_updates_are_all_acknowledged_in_fewer_writes_and_the_last_received_per_table_stays()
    {
        fixture.AdvanceToLocal(new TimeOnly(11, 30));
        var defined = await CanteenAsync(_grains, await SiteAsync(_grains));
        var canteen = _grains.GetGrain<ICanteenGrain>(defined.Id);
        using var screen = new RecordingObserver(_grains);
        await canteen.Watch(screen.Reference);
        var before = await canteen.WriteCount();

        var updates = Enumerable.Range(0, Updates).Select(i => TenSeats[i % 3] is var t ? new TableOccupancy(t.Id, (i / 3) % (t.Seats + 1)) : null!).ToArray();
        var answers = await Task.WhenAll(updates.Select(u => canteen.SetTable(u, Actor.System)));

        var snapshots = answers.Select(Accepted).ToArray();
        for (var i = 0; i < Updates; i++)
        {
            // Each caller sees its own change in its answer, at a version of its own.
            Assert.Equal(updates[i].Occupied, snapshots[i].Tables.Single(t => t.Id == updates[i].TableId).Occupied);
            Assert.True(snapshots[i].Version > defined.Version);
        }
        Assert.Equal(Updates, snapshots.Select(s => s.Version).Distinct().Count());

        // The canteen received them in version order: per table, the update answered with the highest version stays.
        var now = (await canteen.Get())!;
        Assert.Equal(snapshots.Max(s => s.Version), now.Version);
        foreach (var table in TenSeats)
        {
            var last = Enumerable.Range(0, Updates).Where(i => updates[i].TableId == table.Id).MaxBy(i => snapshots[i].Version);
            Assert.Equal(updates[last].Occupied, now.Tables.Single(t => t.Id == table.Id).Occupied);
        }

        var after = await canteen.WriteCount();
        Assert.Equal(Updates, after.Changes - before.Changes);
        Assert.True(after.Writes - before.Writes < Updates, $"{after.Writes - before.Writes} writes for {Updates} updates: no batching");

        // Pushes are per write and coalesced, never older than what a screen holds, and end at the newest version.
        await Eventually.Until(() => screen.Pushes<CanteenSnapshot>(Topics.Canteen(defined.Id)).Any(p => p.Version == now.Version),
            "the screen hears of the newest version");
        var pushed = screen.Pushes<CanteenSnapshot>(Topics.Canteen(defined.Id)).Select(p => p.Version).ToArray();
        Assert.True(pushed.Length < Updates, $"{pushed.Length} pushes for {Updates} updates");
    }

    [Fact]
    public async Task Refused_updates_in_a_burst_change_nothing_and_do_not_hold_up_the_others()
    {
        fixture.AdvanceToLocal(new TimeOnly(11, 30));
        var defined = await CanteenAsync(_grains, await SiteAsync(_grains));
        var canteen = _grains.GetGrain<ICanteenGrain>(defined.Id);

        var answers = await Task.WhenAll(
            canteen.SetTable(new TableOccupancy("t01", 3), Actor.System),
            canteen.SetTable(new TableOccupancy("t02", 3), Actor.System),   // t02 has 2 seats
            canteen.SetTable(new TableOccupancy("t99", 1), Actor.System),
            canteen.SetTable(new TableOccupancy("t03", 4), Actor.System));

        Accepted(answers[0]);
        Refused(answers[1], ProblemCodes.OverCapacity);
        Refused(answers[2], ProblemCodes.NotFound);
        Accepted(answers[3]);
        var now = (await canteen.Get())!;
        Assert.Equal([("t01", 3), ("t02", 0), ("t03", 4)], now.Tables.Select(t => (t.Id, t.Occupied)));
        Assert.Equal(defined.Version + 2, now.Version);
    }
}
