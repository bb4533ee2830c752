using Occupancy.Grains.Accounts;
using Occupancy.Grains.Catalog;

namespace Occupancy.Api.Access;

/// <summary>
/// The demo catalog's staff accounts and residents, for the one-click demo sign-in. A shortcut only mints a token for
/// an identity that still exists in the cluster (seeded, not removed), exactly as a refresh would.
/// </summary>
internal sealed class DemoIdentities
{
    public const string ResidentPrefix = "resident-";
    public const string StaffPrefix = "staff-";

    public DemoIdentities()
    {
        var catalog = DemoCatalog.Load();
        var names = catalog.Members.ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        List = [
            .. catalog.ResidentCardsOrEmpty.Select(card => new DemoIdentity(
                ResidentPrefix + card.MemberId, "resident", $"{names.GetValueOrDefault(card.MemberId, card.MemberId)} ({card.MemberId})")),
            .. catalog.StaffOrEmpty.Select(staff => new DemoIdentity(
                StaffPrefix + staff.Username, staff.ToDefinition().Role == StaffRole.Admin ? "admin" : "staff", $"{staff.Name} ({staff.Username})")),
        ];
    }

    public IReadOnlyList<DemoIdentity> List { get; }

    public DemoIdentity? Find(string id) => List.FirstOrDefault(i => i.Id == id);
}
