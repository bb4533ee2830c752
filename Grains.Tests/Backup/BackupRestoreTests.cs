using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;
using Occupancy.Operations.Backup;
using Occupancy.Testing;
using Orleans.TestingHost;
using Xunit.Abstractions;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Backup;

/// <summary>
/// A store populated by the running system, backed up, restored into a second (empty) Azurite, compared entity for
/// entity, and run again: the restored system reads its bookings, waitlist, members, canteen and reminders back.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class BackupRestoreTests(ITestOutputHelper output) : IDisposable
{
    private static readonly MealHours[] AllDay = [new(Meal.Lunch, "00:00", "24:00")];

    private readonly string _folder = Directory.CreateTempSubdirectory("occupancy-backup-test-").FullName;

    private readonly TestOutputWriter _log = new(output);

    [Fact]
    public async Task A_store_the_system_populated_is_restored_entity_for_entity_and_the_restored_system_reads_its_bookings_back()
    {
        await using var source = await AzuriteInstance.StartAsync();
        await using var target = await AzuriteInstance.StartAsync();
        var serviceId = NewId("backup");
        var file = Path.Combine(_folder, "store.zip");
        Population before;

        await using (var cluster = await ClusterAsync(source.ConnectionString, serviceId))
        {
            before = await PopulateAsync(cluster.Client);
            await Eventually.Until(async () => (await StoreEntitiesAsync(source.ConnectionString, StoreTables.Reminders)).Values
                .Any(r => r.GetString("ReminderName") == "session-deadlines" || r.RowKey.Contains("session-deadlines")), "the session's deadline reminder is in the store");
        }

        var manifest = await StoreBackup.WriteAsync(new TableServiceClient(source.ConnectionString), file, _log);

        // Every table the running system made is in the backup, but for the membership table.
        var made = await TableNamesAsync(source.ConnectionString);
        Assert.Equal([StoreTables.GrainState, StoreTables.Reminders, StoreTables.Membership], made);
        Assert.Equal(StoreTables.BackedUp, manifest.Tables.Select(t => t.Name));
        Assert.Equal([StoreTables.Membership], manifest.SkippedTables.Select(t => t.Name));
        Assert.Equal(AzuriteInstance.AccountName, manifest.Source.Account);
        Assert.DoesNotContain(AzuriteInstance.AccountKey, ManifestText(file));
        output.WriteLine($"Backup of the populated store: {new FileInfo(file).Length} bytes; " +
                         string.Join(", ", manifest.Tables.Select(t => $"{t.Name} {t.Entities} entities")));

        await StoreRestore.RestoreAsync(new TableServiceClient(target.ConnectionString), file, force: false, _log);

        Assert.Equal(StoreTables.BackedUp.Order(StringComparer.Ordinal),
            await TableNamesAsync(target.ConnectionString));
        foreach (var table in StoreTables.BackedUp)
        {
            var backedUp = manifest.Tables.Single(t => t.Name == table).Entities;
            var expected = await StoreEntitiesAsync(source.ConnectionString, table);
            Assert.Equal(backedUp, expected.Count);
            AssertSameEntities(table, expected, await StoreEntitiesAsync(target.ConnectionString, table));
        }

        await using var restored = await ClusterAsync(target.ConnectionString, serviceId);
        var grains = restored.Client;
        var after = await ReadAsync(grains, before.Ids);
        Assert.Equal((before.Session.Booked, before.Session.Waitlisted, before.Session.Version), (after.Session.Booked, after.Session.Waitlisted, after.Session.Version));
        Assert.Equal(before.Bookings, after.Bookings);
        Assert.Equal(before.MemberBookings, after.MemberBookings);
        Assert.Equal((before.Canteen.OccupiedSeats, before.Canteen.Version), (after.Canteen.OccupiedSeats, after.Canteen.Version));
        Assert.Equal(before.Canteen.Tables, after.Canteen.Tables);
        var reminders = await restored.GetSiloServiceProvider(restored.Silos[0].SiloAddress).GetRequiredService<IReminderTable>()
            .ReadRows(grains.GetGrain<ISessionGrain>(before.Ids.Session).GetGrainId());
        Assert.Contains(reminders.Reminders, r => r.ReminderName == "session-deadlines");

        // The restored system goes on from there: a cancellation promotes the first waiter, and the member hears of it.
        var session = grains.GetGrain<ISessionGrain>(before.Ids.Session);
        var seat = before.Bookings.First(b => b.Status == BookingStatus.Confirmed);
        var firstWaiter = before.Bookings.Single(b => b.WaitlistPosition == 1);
        Accepted(await session.CancelBooking(seat.BookingId, Actor.ResidentOf(seat.MemberId)));
        await Eventually.Until(async () => Accepted(await session.GetBooking(firstWaiter.BookingId, Actor.System)).Status == BookingStatus.Confirmed,
            "the first waiter is promoted on the restored store");
        await Eventually.Until(async () => Accepted(await grains.GetGrain<IMemberGrain>(firstWaiter.MemberId).GetBookings(Actor.System)).Bookings
            .Any(b => b.BookingId == firstWaiter.BookingId && b.Status == BookingStatus.Confirmed), "the promoted member's own list shows it");
        Accepted(await grains.GetGrain<ICanteenGrain>(before.Ids.Canteen).SetTable(new TableOccupancy("t02", 2), Actor.System));

        // With the restored system running on it, a restore is refused even with --force.
        var running = await Assert.ThrowsAsync<RestoreRefusedException>(() =>
            StoreRestore.RestoreAsync(new TableServiceClient(target.ConnectionString), file, force: true, _log));
        Assert.Contains("A silo is running", running.Message);
    }

    [Fact]
    public async Task A_store_that_holds_data_is_refused_unchanged_and_force_replaces_what_it_holds_with_the_backup()
    {
        await using var source = await AzuriteInstance.StartAsync();
        await using var target = await AzuriteInstance.StartAsync();
        var file = Path.Combine(_folder, "rows.zip");
        var everyType = await FillAsync(source.ConnectionString);
        await StoreBackup.WriteAsync(new TableServiceClient(source.ConnectionString), file, _log);

        var leftOver = new TableClient(target.ConnectionString, StoreTables.GrainState);
        await leftOver.CreateAsync();
        await leftOver.AddEntityAsync(new TableEntity("left", "over") { ["Data"] = new byte[] { 1, 2, 3 } });

        var refused = await Assert.ThrowsAsync<RestoreRefusedException>(() =>
            StoreRestore.RestoreAsync(new TableServiceClient(target.ConnectionString), file, force: false, _log));
        Assert.Contains($"already holds data in {StoreTables.GrainState}", refused.Message);
        Assert.Contains("--force", refused.Message);
        Assert.Equal(["left\nover"], (await StoreEntitiesAsync(target.ConnectionString, StoreTables.GrainState)).Keys);
        Assert.Equal([StoreTables.GrainState], await TableNamesAsync(target.ConnectionString));

        var summary = await StoreRestore.RestoreAsync(new TableServiceClient(target.ConnectionString), file, force: true, _log);
        Assert.Equal(1, summary.Cleared);
        foreach (var table in StoreTables.BackedUp)
        {
            AssertSameEntities(table, await StoreEntitiesAsync(source.ConnectionString, table), await StoreEntitiesAsync(target.ConnectionString, table));
        }

        // Each EDM type comes back as itself (the comparison above would not see a type both stores read alike).
        var row = (await StoreEntitiesAsync(target.ConnectionString, StoreTables.GrainState))[$"{everyType.PartitionKey}\n{everyType.RowKey}"];
        foreach (var (name, value) in Properties(everyType))
        {
            Assert.IsType(value.GetType(), row[name]);
            Assert.True(SameValue(value, row[name]), $"{name}: wrote {value}, restored {row[name]}");
        }
    }

    [Fact]
    public async Task A_truncated_damaged_changed_or_unknown_backup_is_refused_with_a_clear_message_and_nothing_is_written()
    {
        await using var source = await AzuriteInstance.StartAsync();
        await using var target = await AzuriteInstance.StartAsync();
        var file = Path.Combine(_folder, "good.zip");
        await FillAsync(source.ConnectionString);
        await StoreBackup.WriteAsync(new TableServiceClient(source.ConnectionString), file, _log);
        var bytes = await File.ReadAllBytesAsync(file);

        var truncated = Path.Combine(_folder, "truncated.zip");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var damaged = Path.Combine(_folder, "damaged.zip");
        var flipped = bytes.ToArray();
        for (var i = bytes.Length / 3; i < bytes.Length / 3 + 16; i++) flipped[i] ^= 0x5A;
        await File.WriteAllBytesAsync(damaged, flipped);
        var changed = await RewriteAsync(file, "changed.zip", BackupFile.EntryOf(StoreTables.GrainState),
            text => string.Join('\n', text.Split('\n').Skip(1)));
        var future = await RewriteAsync(file, "future.zip", BackupManifest.EntryName,
            text => text.Replace("\"formatVersion\": 1", "\"formatVersion\": 99"));
        var notABackup = Path.Combine(_folder, "notes.zip");
        await File.WriteAllTextAsync(notABackup, "not a zip at all");

        foreach (var (path, says) in new[]
                 {
                     (truncated, "truncated"), (damaged, "damaged"), (changed, "does not match its manifest"), (future, "format 99"),
                     (notABackup, "not a complete backup file"), (Path.Combine(_folder, "missing.zip"), "does not exist"),
                 })
        {
            var refused = await Assert.ThrowsAsync<BackupFileException>(() =>
                StoreRestore.RestoreAsync(new TableServiceClient(target.ConnectionString), path, force: false, _log));
            output.WriteLine($"{Path.GetFileName(path)}: {refused.Message}");
            Assert.Contains(says, refused.Message);
            Assert.Empty(await TableNamesAsync(target.ConnectionString));
        }
    }

    [Fact]
    public async Task The_scripts_back_up_prune_old_backups_restore_and_refuse_with_their_exit_codes()
    {
        await using var source = await AzuriteInstance.StartAsync();
        await using var target = await AzuriteInstance.StartAsync();
        await FillAsync(source.ConnectionString);
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "backups")).FullName;
        string[] older = ["occupancy-backup-20260101T000000Z.zip", "occupancy-backup-20260102T000000Z.zip", "occupancy-backup-20260103T000000Z.zip"];
        foreach (var name in older.Append("keep-me.txt")) await File.WriteAllTextAsync(Path.Combine(folder, name), "old");

        var backup = await ScriptAsync("backup.sh", source.ConnectionString, "--no-build", "--dir", folder, "--keep", "2");
        Assert.True(backup.Code == 0, backup.ToString());
        var written = Directory.GetFiles(folder, "occupancy-backup-*.zip").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, written.Length);
        Assert.Equal(older[2], written[0]);
        Assert.True(File.Exists(Path.Combine(folder, "keep-me.txt")), "a file the script did not name is never pruned");
        var file = Path.Combine(folder, written[1]!);

        var restore = await ScriptAsync("restore.sh", target.ConnectionString, "--no-build", file);
        Assert.True(restore.Code == 0, restore.ToString());
        AssertSameEntities(StoreTables.GrainState, await StoreEntitiesAsync(source.ConnectionString, StoreTables.GrainState),
            await StoreEntitiesAsync(target.ConnectionString, StoreTables.GrainState));

        var again = await ScriptAsync("restore.sh", target.ConnectionString, "--no-build", file);
        Assert.True(again.Code == 3, again.ToString());
        Assert.Contains("already holds data", again.Error);

        var check = await ScriptAsync("restore.sh", target.ConnectionString, "--no-build", "--check", Path.Combine(folder, older[2]));
        Assert.True(check.Code == 4, check.ToString());
        Assert.Contains("not a complete backup file", check.Error);
    }

    /// <summary>Sessions with bookings and a waitlist, members, a canteen with tables; read back as they stand.</summary>
    private static async Task<Population> PopulateAsync(IClusterClient grains)
    {
        var siteId = await SiteAsync(grains);
        var gymId = (await FacilityAsync(grains, siteId)).Id;
        var canteenId = (await CanteenAsync(grains, siteId, AllDay)).Id;
        var canteen = grains.GetGrain<ICanteenGrain>(canteenId);
        Accepted(await canteen.SetTable(new TableOccupancy("t01", 3), Actor.System));
        Accepted(await canteen.SetTable(new TableOccupancy("t03", 4), Actor.System));

        var now = DateTimeOffset.UtcNow;
        var starts = now.AddHours(3);
        var sessionId = NewId("yoga");
        var session = grains.GetGrain<ISessionGrain>(sessionId);
        Accepted(await session.Define(new SessionDefinition(siteId, gymId, "瑜伽", BookingCategory.Class, starts, starts.AddHours(1), 2,
            now.AddHours(-1), starts.AddMinutes(-10), starts.AddHours(-2), WaitlistCapacity: 3, TitleEn: "Yoga", Place: "操课室"), Actor.System));
        var members = new List<string>();
        foreach (var name in new[] { "王芳", "李娜", "张伟", "刘洋" })
        {
            var memberId = NewId("member");
            Accepted(await grains.GetGrain<IMemberGrain>(memberId).Define(new MemberProfile(name, HomeSiteId: siteId, AgeGroup: AgeGroup.Adult, Resident: true), Actor.System));
            Accepted(await session.Book(new BookingRequest(memberId), Actor.ResidentOf(memberId)));
            members.Add(memberId);
        }

        var ids = new PopulationIds(sessionId, canteenId, members);
        var population = await ReadAsync(grains, ids);
        Assert.Equal((2, 2), (population.Session.Booked, population.Session.Waitlisted));
        // Each member's own list is written by the session's outbox: wait until all four are there, so the store is settled.
        await Eventually.Until(async () => (await ReadAsync(grains, ids)).MemberBookings.Count(b => b.Count == 1) == 4, "every member's list shows their booking");
        return await ReadAsync(grains, ids);
    }

    private static async Task<Population> ReadAsync(IClusterClient grains, PopulationIds ids)
    {
        var session = grains.GetGrain<ISessionGrain>(ids.Session);
        var memberBookings = new List<IReadOnlyList<MemberBookingView>>();
        foreach (var member in ids.Members)
        {
            memberBookings.Add(Accepted(await grains.GetGrain<IMemberGrain>(member).GetBookings(Actor.System)).Bookings.ToList());
        }
        return new Population(ids, (await session.Get())!, Accepted(await session.ListBookings(Actor.System)).OrderBy(b => b.BookingId).ToList(),
            memberBookings, (await grains.GetGrain<ICanteenGrain>(ids.Canteen).Get())!);
    }

    /// <summary>A one-silo cluster over TCP with Azure Table clustering, grain state and reminders, as the Silo host runs it.</summary>
    private static async Task<TestCluster> ClusterAsync(string connectionString, string serviceId)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[ClusterOnAzurite.StoreKey] = connectionString;
        builder.AddSiloBuilderConfigurator<ClusterOnAzurite.Silo>();
        builder.AddClientBuilderConfigurator<ClusterOnAzurite.Client>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>
    /// Rows written directly, as the providers would: one partition of 250 (more than one transaction), a few small
    /// ones, a row of every EDM type, and two reminder rows. Answers the every-type row.
    /// </summary>
    private static async Task<TableEntity> FillAsync(string connectionString)
    {
        var state = new TableClient(connectionString, StoreTables.GrainState);
        await state.CreateAsync();
        var random = new Random(13);
        var batch = new List<TableTransactionAction>();
        for (var i = 0; i < 250; i++)
        {
            var bytes = new byte[random.Next(10, 3000)];
            random.NextBytes(bytes);
            batch.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("big-partition", $"row{i:D4}") { ["Data"] = bytes, ["Version"] = (long)i }));
            if (batch.Count == 100)
            {
                await state.SubmitTransactionAsync(batch);
                batch.Clear();
            }
        }
        await state.SubmitTransactionAsync(batch);
        for (var i = 0; i < 5; i++) await state.AddEntityAsync(new TableEntity($"grain_{i}", "state") { ["StringData"] = $"{{\"n\":{i},\"名\":\"食堂\"}}" });

        var big = new byte[60_000];
        random.NextBytes(big);
        var everyType = new TableEntity("every-type", "row")
        {
            ["Text"] = "滨江社区食堂 \"quoted\"\ttab\nline",
            ["Empty"] = "",
            ["Bytes"] = big,
            ["NoBytes"] = Array.Empty<byte>(),
            ["Small"] = -42,
            ["Big"] = long.MaxValue,
            ["Fraction"] = 0.1,
            ["Whole"] = 5.0,
            ["Huge"] = -1.7976931348623157E+308,
            ["Yes"] = true,
            ["No"] = false,
            ["When"] = new DateTimeOffset(2026, 12, 3, 7, 1, 2, TimeSpan.Zero).AddTicks(1234567),
            ["Id"] = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
        };
        await state.AddEntityAsync(everyType);

        var reminders = new TableClient(connectionString, StoreTables.Reminders);
        await reminders.CreateAsync();
        foreach (var name in new[] { "session-deadlines", "alert-checks" })
        {
            await reminders.AddEntityAsync(new TableEntity("svc_0000AB12", $"grain_{name}")
            {
                ["ReminderName"] = name,
                ["StartAt"] = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero),
                ["Period"] = TimeSpan.FromMinutes(1).ToString(),
            });
        }
        return everyType;
    }

    /// <summary>A copy of the backup with one zip entry's text changed (<paramref name="entry"/> rewritten by <paramref name="change"/>).</summary>
    private async Task<string> RewriteAsync(string file, string copyName, string entry, Func<string, string> change)
    {
        var copy = Path.Combine(_folder, copyName);
        File.Copy(file, copy);
        using (var zip = System.IO.Compression.ZipFile.Open(copy, System.IO.Compression.ZipArchiveMode.Update))
        {
            var old = zip.GetEntry(entry)!;
            string text;
            using (var reader = new StreamReader(old.Open())) text = await reader.ReadToEndAsync();
            old.Delete();
            await using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
            await writer.WriteAsync(change(text));
        }
        return copy;
    }

    private static string ManifestText(string file)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(file);
        using var reader = new StreamReader(zip.GetEntry(BackupManifest.EntryName)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>The account's tables, in ordinal order.</summary>
    private static async Task<IReadOnlyList<string>> TableNamesAsync(string connectionString) =>
        (await StoreAccount.TablesAsync(new TableServiceClient(connectionString), CancellationToken.None)).Order(StringComparer.Ordinal).ToList();

    private static async Task<SortedDictionary<string, TableEntity>> StoreEntitiesAsync(string connectionString, string table)
    {
        var all = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
        try
        {
            await foreach (var entity in new TableClient(connectionString, table).QueryAsync<TableEntity>()) all.Add($"{entity.PartitionKey}\n{entity.RowKey}", entity);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // No such table (yet): nothing in it.
        }
        return all;
    }

    /// <summary>Same keys; each entity with the same properties, each of the same type and value (ETag and Timestamp are the service's own).</summary>
    private static void AssertSameEntities(string table, SortedDictionary<string, TableEntity> expected, SortedDictionary<string, TableEntity> actual)
    {
        Assert.True(expected.Count > 0, $"{table} held nothing to compare");
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, entity) in expected)
        {
            var want = Properties(entity);
            var got = Properties(actual[key]);
            Assert.True(want.Keys.SequenceEqual(got.Keys), $"{table} {key.Replace('\n', '/')}: properties {string.Join(",", want.Keys)} backed up, {string.Join(",", got.Keys)} restored");
            foreach (var (name, value) in want)
            {
                Assert.True(value.GetType() == got[name].GetType() && SameValue(value, got[name]),
                    $"{table} {key.Replace('\n', '/')} {name}: {value} ({value.GetType().Name}) backed up, {got[name]} ({got[name].GetType().Name}) restored");
            }
        }
    }

    private static SortedDictionary<string, object> Properties(TableEntity entity) =>
        new(entity.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp") && !p.Key.StartsWith("odata.", StringComparison.Ordinal) && p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    private static bool SameValue(object expected, object actual) => expected is byte[] bytes
        ? actual is byte[] other && bytes.SequenceEqual(other)
        : expected.Equals(actual);

    private static async Task<ScriptRun> ScriptAsync(string script, string connectionString, params string[] arguments)
    {
        var root = AzuriteInstance.FindRepositoryRoot();
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "scripts", script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["STORAGE_CONNECTION_STRING"] = connectionString;
        start.Environment["CONFIGURATION"] = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<configuration>/net10.0
        using var process = System.Diagnostics.Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new ScriptRun(script, process.ExitCode, await standardOutput, await standardError);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record ScriptRun(string Script, int Code, string Output, string Error)
    {
        public override string ToString() => $"{Script} exited {Code}.\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    private sealed record PopulationIds(string Session, string Canteen, IReadOnlyList<string> Members);

    private sealed record Population(
        PopulationIds Ids,
        SessionSnapshot Session,
        IReadOnlyList<BookingSnapshot> Bookings,
        IReadOnlyList<IReadOnlyList<MemberBookingView>> MemberBookings,
        CanteenSnapshot Canteen);

    /// <summary>The commands' progress lines, into the test's output.</summary>
    private sealed class TestOutputWriter(ITestOutputHelper output) : StringWriter
    {
        public override void WriteLine(string? value) => output.WriteLine(value ?? "");
    }
}
