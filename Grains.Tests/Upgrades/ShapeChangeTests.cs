using System.Runtime.Serialization;
using Newtonsoft.Json;

namespace Occupancy.Grains.Tests.Upgrades;

/// <summary>
/// The rules of docs/upgrades.md for a change of stored shape, on two shapes of one state as two builds have them
/// (build N, and build N+1 that renames a field and adds one, as the upgrade drill's build does to the session):
/// rows go both ways through the store's real format, as they do while a roll runs both builds side by side.
/// </summary>
public sealed class ShapeChangeTests
{
    private static readonly DateTimeOffset Booked = new(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Changed = new(2026, 12, 3, 7, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Build_N_plus_1_reads_a_renamed_field_from_rows_of_build_N_and_fills_the_added_one()
    {
        var serializer = StoredShapes.WithTestShapes();
        var rowOfN = serializer.Serialize(new ShapeOfBuildN { Version = 7, UpdatedAt = Changed, Bookings = { ["b1"] = Booked, ["b2"] = Changed } });

        var read = serializer.Read<ShapeOfBuildN1>(AsWrittenFor<ShapeOfBuildN1>(rowOfN));

        Assert.Equal(1, read.Schema);
        Assert.Equal(7, read.Version);
        Assert.Equal(Changed, read.UpdatedAt);
        Assert.Equal(Booked, read.FirstBookedAt);
    }

    [Fact]
    public void Build_N_reads_rows_of_build_N_plus_1_during_the_roll()
    {
        var serializer = StoredShapes.WithTestShapes();
        var rowOfN1 = serializer.Serialize(new ShapeOfBuildN1 { Version = 8, UpdatedAt = Changed, FirstBookedAt = Booked, Bookings = { ["b1"] = Booked } });

        var text = StoredShapes.Text(rowOfN1);
        Assert.Contains("\"ChangedAt\"", text);
        Assert.Contains("\"UpdatedAt\"", text);
        var read = serializer.Read<ShapeOfBuildN>(AsWrittenFor<ShapeOfBuildN>(rowOfN1));

        Assert.Equal(2, read.Schema);
        Assert.Equal(8, read.Version);
        Assert.Equal(Changed, read.UpdatedAt);
        Assert.Equal(Booked, read.Bookings["b1"]);
    }

    [Fact]
    public void A_row_build_N_wrote_back_during_the_roll_is_read_as_build_N_left_it()
    {
        var serializer = StoredShapes.WithTestShapes();
        var rowOfN1 = serializer.Serialize(new ShapeOfBuildN1 { Version = 8, UpdatedAt = Booked, FirstBookedAt = Booked, Bookings = { ["b1"] = Booked } });

        // An activation of build N reads it, books once more and writes: it drops the fields it does not know.
        var n = serializer.Read<ShapeOfBuildN>(AsWrittenFor<ShapeOfBuildN>(rowOfN1));
        n.Bookings.Remove("b1");
        n.Bookings["b2"] = Changed;
        n.Version = 9;
        n.UpdatedAt = Changed;
        var rowOfN = serializer.Serialize(n);
        Assert.DoesNotContain("ChangedAt", StoredShapes.Text(rowOfN));

        var again = serializer.Read<ShapeOfBuildN1>(AsWrittenFor<ShapeOfBuildN1>(rowOfN));

        Assert.Equal(1, again.Schema);
        Assert.Equal(9, again.Version);
        Assert.Equal(Changed, again.UpdatedAt);
        // Filled again from the bookings build N left, not the value build N+1 had written before.
        Assert.Equal(Changed, again.FirstBookedAt);
    }

    [Fact]
    public void A_field_whose_value_is_its_default_is_not_stored_so_its_initializer_wins_on_reading()
    {
        var serializer = StoredShapes.WithTestShapes();
        var row = serializer.Serialize(new ShapeWithAnInitializer { Open = false });

        Assert.DoesNotContain("Open", StoredShapes.Text(row));
        Assert.True(serializer.Read<ShapeWithAnInitializer>(row).Open);
    }

    /// <summary>Both builds name the state type alike; the test's two shapes are two types, so the row is renamed to the reader's.</summary>
    private static BinaryData AsWrittenFor<TReader>(BinaryData row)
    {
        var text = StoredShapes.Text(row);
        foreach (var writer in new[] { typeof(ShapeOfBuildN), typeof(ShapeOfBuildN1) })
            text = text.Replace($"\"{writer.FullName}, {writer.Assembly.GetName().Name}\"", $"\"{typeof(TReader).FullName}, {typeof(TReader).Assembly.GetName().Name}\"");
        return StoredShapes.Row(text);
    }

    /// <summary>Build N: the shape before the change, already stamped with its schema.</summary>
    public sealed class ShapeOfBuildN
    {
        public const int CurrentSchema = 1;

        public long Version { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public Dictionary<string, DateTimeOffset> Bookings { get; set; } = [];

        public int Schema { get; set; }

        [OnSerializing]
        private void StampSchema(StreamingContext context) => Schema = CurrentSchema;
    }

    /// <summary>Build N+1: UpdatedAt is stored as ChangedAt (the old name still written during the roll), FirstBookedAt is new.</summary>
    public sealed class ShapeOfBuildN1
    {
        public const int CurrentSchema = 2;

        public long Version { get; set; }

        [JsonProperty("ChangedAt")]
        public DateTimeOffset UpdatedAt { get; set; }

        [JsonProperty("UpdatedAt")]
        private DateTimeOffset UpdatedAtOfSchema1
        {
            get => UpdatedAt;
            set => _updatedAtOfSchema1 = value;
        }

        private DateTimeOffset _updatedAtOfSchema1;

        public DateTimeOffset? FirstBookedAt { get; set; }

        public Dictionary<string, DateTimeOffset> Bookings { get; set; } = [];

        public int Schema { get; set; }

        [OnSerializing]
        private void StampSchema(StreamingContext context) => Schema = CurrentSchema;

        [OnDeserialized]
        private void ReadOlderShapes(StreamingContext context)
        {
            if (Schema >= 2) return;
            UpdatedAt = _updatedAtOfSchema1;
            FirstBookedAt = Bookings.Count == 0 ? null : Bookings.Values.Min();
        }
    }

    /// <summary>A field with an initializer that is not its type's default: the trap the rules warn of.</summary>
    public sealed class ShapeWithAnInitializer
    {
        public bool Open { get; set; } = true;
    }
}
