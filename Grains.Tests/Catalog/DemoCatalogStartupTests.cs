using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Occupancy.Silo.Catalog;

namespace Occupancy.Grains.Tests.Catalog;

public sealed class DemoCatalogStartupTests
{
    private static readonly TimeSpan[] NoWait = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero];

    [Fact]
    public async Task ALoadThatFailsForAWhileIsRetriedUntilItSucceeds()
    {
        var attempts = 0;

        var loaded = await DemoCatalogStartup.RunWithRetriesAsync(
            _ => ++attempts < 3 ? throw new TimeoutException("store still starting") : Task.CompletedTask,
            NoWait, NullLogger.Instance, CancellationToken.None);

        Assert.True(loaded);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task ALoadThatKeepsFailingIsGivenUpWithoutStoppingTheSilo()
    {
        var attempts = 0;

        var loaded = await DemoCatalogStartup.RunWithRetriesAsync(
            _ => { attempts++; throw new TimeoutException("store down"); },
            NoWait, NullLogger.Instance, CancellationToken.None);

        Assert.False(loaded);
        Assert.Equal(NoWait.Length + 1, attempts);
    }

    [Fact]
    public async Task ABrokenDataFileIsNotRetried()
    {
        var attempts = 0;

        var loaded = await DemoCatalogStartup.RunWithRetriesAsync(
            _ => { attempts++; throw new JsonException("bad data"); },
            NoWait, NullLogger.Instance, CancellationToken.None);

        Assert.False(loaded);
        Assert.Equal(1, attempts);
    }
}
