using Occupancy.Grains.Notices;

namespace Occupancy.Grains.Tests.Upgrades;

/// <summary>
/// State holding a collection expression typed as a read-only list. The store names every object's type, and the
/// compiler's own list type is not one the silo may build back: the site's notices of the day, written that way in a
/// chaos run (the row below, captured from Azurite), failed every activation after it with "type not allowed".
/// </summary>
public sealed class CollectionRowTests
{
    private static readonly string RowOfTheChaosRun =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Upgrades", "Rows", "site-notices-2026-12-03.json"));

    [Fact]
    public void A_row_naming_the_compilers_list_type_is_read_with_its_deliveries()
    {
        var state = StoredShapes.Silo().Read<SiteNoticesState>(StoredShapes.Row(RowOfTheChaosRun));

        Assert.Equal(2, state.Notices.Count);
        var notice = state.Notices["bb53e922b2c1e44f29d1:confirmed"];
        var delivery = Assert.Single(notice.Deliveries);
        Assert.Equal("d-44d702d8daea654316299d807520f513", delivery.DeliveryId);
        Assert.Equal(NoticeStatus.Listed, delivery.Status);
    }

    [Fact]
    public void A_collection_expression_is_written_as_a_list_and_reads_back()
    {
        var serializer = StoredShapes.Silo();
        IEnumerable<NoticeDeliveryView> deliveries =
            [new("d-1", "m-1", "139****0001", NoticeStatus.Delivered, 1, DateTimeOffset.UnixEpoch, null, null)];
        var notice = new NoticeView("n-1", "m-1", "binjiang", NoticeKind.BookingConfirmed, "预约成功", "Booked",
            DateTimeOffset.UnixEpoch, null, false, null, NoticeStatus.Delivered, [.. deliveries], 1);
        Assert.StartsWith("<>z__", notice.Deliveries.GetType().Name);

        var row = serializer.Serialize(new SiteNoticesState { Notices = { ["n-1"] = notice } });
        var back = serializer.Read<SiteNoticesState>(row);

        Assert.DoesNotContain("<>z__", StoredShapes.Text(row));
        Assert.Equal(notice.Deliveries, back.Notices["n-1"].Deliveries);
    }
}
