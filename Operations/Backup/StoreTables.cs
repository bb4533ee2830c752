namespace Occupancy.Operations.Backup;

/// <summary>
/// The tables Occupancy makes in its storage account. The silo (Silo/Hosting/SiloHosting.cs) configures the three Orleans
/// Azure providers without a table name, so each uses its provider's default name; a backup holds the first two.
/// </summary>
public static class StoreTables
{
    /// <summary>Every grain's state (Orleans.Persistence.AzureStorage, <c>AzureTableStorageOptions.TableName</c>).</summary>
    public const string GrainState = "OrleansGrainState";

    /// <summary>Reminders: sessions' deadlines, alert checks, notice retries (Orleans.Reminders.AzureStorage).</summary>
    public const string Reminders = "OrleansReminders";

    /// <summary>
    /// Cluster membership (Orleans.Clustering.AzureStorage): which silos are alive right now. Never backed up: it describes
    /// the processes of the moment, and a restored cluster writes its own on start.
    /// </summary>
    public const string Membership = "OrleansSiloInstances";

    /// <summary>The tables a backup holds, in the order it writes them.</summary>
    public static readonly IReadOnlyList<string> BackedUp = [GrainState, Reminders];

    /// <summary>Why a table of the account is not in a backup (shown in the manifest and the output).</summary>
    public static string WhyNotBackedUp(string table) => table == Membership
        ? "cluster membership: the live state of the running silos, written afresh by a cluster when it starts"
        : "not a table Occupancy makes (another application, or a benchmark's scratch table)";
}
