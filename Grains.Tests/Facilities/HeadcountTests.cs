using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Facilities;

[Collection(RulesCollection.Name)]
public sealed class HeadcountTests(RulesClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private async Task<IFacilityGrain> GymAsync(int capacity = 40)
    {
        var site = await SiteAsync(_grains);
        var gym = await FacilityAsync(_grains, site, capacity);
        return _grains.GetGrain<IFacilityGrain>(gym.Id);
    }

    [Fact]
    public async Task Entries_raise_the_count_and_the_version()
    {
        var gym = await GymAsync(capacity: 40);
        var before = (await gym.Get())!;
        Assert.Equal(0, before.Occupied);

        var afterThree = Accepted(await gym.RecordEntries(new HeadcountChange(3), Actor.System));
        Assert.Equal(3, afterThree.Occupied);
        Assert.Equal(37, afterThree.Available);
        Assert.True(afterThree.Version > before.Version);

        var afterOneMore = Accepted(await gym.RecordEntries(new HeadcountChange(), Actor.System));
        Assert.Equal(4, afterOneMore.Occupied);
        Assert.True(afterOneMore.Version > afterThree.Version);

        var read = (await gym.Get())!;
        Assert.Equal(4, read.Occupied);
        Assert.Equal(afterOneMore.Version, read.Version);
    }

    [Fact]
    public async Task Exits_never_take_the_count_below_zero()
    {
        var gym = await GymAsync(capacity: 40);
        Accepted(await gym.RecordEntries(new HeadcountChange(3), Actor.System));

        Assert.Equal(1, Accepted(await gym.RecordExits(new HeadcountChange(2), Actor.System)).Occupied);

        var emptied = Accepted(await gym.RecordExits(new HeadcountChange(5), Actor.System));
        Assert.Equal(0, emptied.Occupied);
        Assert.Equal(40, emptied.Available);

        var stillEmpty = Accepted(await gym.RecordExits(new HeadcountChange(1), Actor.System));
        Assert.Equal(0, stillEmpty.Occupied);
    }

    [Fact]
    public async Task Entries_over_capacity_are_recorded_and_shown_full()
    {
        var gym = await GymAsync(capacity: 10);

        var crowded = Accepted(await gym.RecordEntries(new HeadcountChange(12), Actor.System));
        Assert.Equal(12, crowded.Occupied);
        Assert.Equal(0, crowded.Available);
        Assert.Equal(Level.Full, crowded.Level);

        // Still over capacity after one leaves: the two extra people were counted, not dropped.
        var oneLeft = Accepted(await gym.RecordExits(new HeadcountChange(1), Actor.System));
        Assert.Equal(11, oneLeft.Occupied);
        Assert.Equal(Level.Full, oneLeft.Level);
    }

    [Fact]
    public async Task Recalibration_sets_the_count_staff_see()
    {
        var gym = await GymAsync(capacity: 40);
        var counted = Accepted(await gym.RecordEntries(new HeadcountChange(20), Actor.System));

        var recalibrated = Accepted(await gym.Recalibrate(new Recalibration(7), Actor.System));
        Assert.Equal(7, recalibrated.Occupied);
        Assert.Equal(33, recalibrated.Available);
        Assert.True(recalibrated.Version > counted.Version);

        Refused(await gym.Recalibrate(new Recalibration(-1), Actor.System), ProblemCodes.InvalidRequest);
        var unchanged = (await gym.Get())!;
        Assert.Equal(7, unchanged.Occupied);
        Assert.Equal(recalibrated.Version, unchanged.Version);

        Assert.Equal(0, Accepted(await gym.Recalibrate(new Recalibration(0), Actor.System)).Occupied);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task A_count_outside_1_to_1000_is_invalid_and_changes_nothing(int count)
    {
        var gym = await GymAsync(capacity: 40);
        var before = Accepted(await gym.RecordEntries(new HeadcountChange(5), Actor.System));

        var entries = Refused(await gym.RecordEntries(new HeadcountChange(count), Actor.System), ProblemCodes.InvalidRequest);
        Assert.Contains("count", entries.Errors!.Keys);
        Refused(await gym.RecordExits(new HeadcountChange(count), Actor.System), ProblemCodes.InvalidRequest);

        var after = (await gym.Get())!;
        Assert.Equal(5, after.Occupied);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task A_count_of_1000_is_accepted()
    {
        var gym = await GymAsync(capacity: 5000);
        Assert.Equal(1000, Accepted(await gym.RecordEntries(new HeadcountChange(1000), Actor.System)).Occupied);
        Assert.Equal(0, Accepted(await gym.RecordExits(new HeadcountChange(1000), Actor.System)).Occupied);
    }

    [Fact]
    public async Task A_repeated_event_id_counts_once()
    {
        var gym = await GymAsync(capacity: 40);

        var first = Accepted(await gym.RecordEntries(new HeadcountChange(2, EventId: "gate2-88121"), Actor.System));
        var resent = Accepted(await gym.RecordEntries(new HeadcountChange(2, EventId: "gate2-88121"), Actor.System));
        Assert.Equal(2, first.Occupied);
        Assert.Equal(2, resent.Occupied);
        Assert.Equal(first.Version, resent.Version);

        Assert.Equal(3, Accepted(await gym.RecordEntries(new HeadcountChange(1, EventId: "gate2-88122"), Actor.System)).Occupied);
        Assert.Equal(2, Accepted(await gym.RecordExits(new HeadcountChange(1, EventId: "gate2-88123"), Actor.System)).Occupied);
        Assert.Equal(2, Accepted(await gym.RecordExits(new HeadcountChange(1, EventId: "gate2-88123"), Actor.System)).Occupied);
        // Without an event id nothing is deduplicated.
        Assert.Equal(3, Accepted(await gym.RecordEntries(new HeadcountChange(1), Actor.System)).Occupied);
        Assert.Equal(4, Accepted(await gym.RecordEntries(new HeadcountChange(1), Actor.System)).Occupied);
    }

    [Fact]
    public async Task Remembered_event_ids_are_bounded_by_the_window()
    {
        var window = FacilityGrain.EventIdWindow;
        var gym = await GymAsync(capacity: 100_000);

        Accepted(await gym.RecordEntries(new HeadcountChange(1, EventId: "oldest"), Actor.System));
        var newer = await Task.WhenAll(Enumerable.Range(1, window).Select(i => gym.RecordEntries(new HeadcountChange(1, EventId: $"e{i}"), Actor.System)));
        Assert.All(newer, outcome => Accepted(outcome));
        Assert.Equal(window + 1, (await gym.Get())!.Occupied);

        // The newest ids are still remembered, so a resend counts nothing ...
        Assert.Equal(window + 1, Accepted(await gym.RecordEntries(new HeadcountChange(1, EventId: "e1"), Actor.System)).Occupied);
        Assert.Equal(window + 1, Accepted(await gym.RecordEntries(new HeadcountChange(1, EventId: $"e{window}"), Actor.System)).Occupied);
        // ... but the oldest one fell out of the window and counts again.
        Assert.Equal(window + 2, Accepted(await gym.RecordEntries(new HeadcountChange(1, EventId: "oldest"), Actor.System)).Occupied);
    }
}
