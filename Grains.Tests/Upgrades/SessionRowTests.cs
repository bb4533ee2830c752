using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Tests.Upgrades;

/// <summary>
/// A session row as an earlier build wrote it to the store (captured from Azurite: 24 confirmed bookings of a rush,
/// written 2026-12-02 before shapes were numbered) is read by this build with every booking; what this build writes
/// carries its schema and reads back the same.
/// </summary>
public sealed class SessionRowTests
{
    private static readonly string RowOfAnEarlierBuild =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Upgrades", "Rows", "session-2026-12-02.json"));

    [Fact]
    public void A_session_row_of_an_earlier_build_is_read_with_every_booking()
    {
        var state = StoredShapes.Silo().Read<SessionState>(StoredShapes.Row(RowOfAnEarlierBuild));

        Assert.Equal(0, state.Schema);
        Assert.Equal(30, state.Version);
        Assert.Equal(DateTimeOffset.Parse("2026-12-02T14:08:30.9827951+00:00"), state.UpdatedAt);
        Assert.Equal("Asia/Shanghai", state.TimeZone);
        Assert.Equal(30, state.Definition!.Capacity);
        Assert.Equal(24, state.Bookings.Count);
        // A confirmed booking's status is the enum's first member, which the format leaves out as a default value.
        Assert.All(state.Bookings.Values, b => Assert.Equal(BookingStatus.Confirmed, b.Status));
        Assert.Equal(Enumerable.Range(1, 20).Concat(Enumerable.Range(51, 4)).Select(i => (long)i), state.Bookings.Values.Select(b => b.Seq).Order());
        Assert.Contains(state.Bookings.Values, b => b.MemberId == "rush-f8623e3b-0095" && b.Seq == 1);
    }

    [Fact]
    public void A_session_written_by_this_build_carries_its_schema_and_reads_back_the_same()
    {
        var serializer = StoredShapes.Silo();
        var before = serializer.Read<SessionState>(StoredShapes.Row(RowOfAnEarlierBuild));

        var row = serializer.Serialize(before);
        var after = serializer.Read<SessionState>(row);

        Assert.Contains($"\"Schema\":{SessionState.CurrentSchema}", StoredShapes.Text(row));
        Assert.Equal(SessionState.CurrentSchema, after.Schema);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equivalent(before.Definition, after.Definition);
        Assert.Equal(before.Bookings.OrderBy(b => b.Key), after.Bookings.OrderBy(b => b.Key));
    }
}
