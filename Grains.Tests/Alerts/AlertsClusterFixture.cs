using Microsoft.Extensions.DependencyInjection;
using Occupancy.Grains.Alerts;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Alerts;

/// <summary>
/// The rules silo with in-memory reminders (bookings and notices arm theirs), and a check period long enough that the
/// alerts' own reminder never runs a check the test means to run itself.
/// </summary>
public sealed class AlertsClusterFixture : RulesClusterFixture
{
    protected override void AddStorage(ISiloBuilder silo)
    {
        base.AddStorage(silo);
        silo.UseInMemoryReminderService();
        silo.Services.Configure<AbsenceAlertOptions>(o => o.CheckPeriod = TimeSpan.FromHours(1));
    }
}

/// <summary>Alert tests share one silo and one domain clock, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AlertsCollection : ICollectionFixture<AlertsClusterFixture>
{
    public const string Name = "alerts";
}
