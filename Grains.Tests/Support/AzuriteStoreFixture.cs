using Occupancy.Testing;

namespace Occupancy.Grains.Tests.Support;

/// <summary>A private Azurite for one collection of tests that need the real Azure Table provider.</summary>
public sealed class AzuriteStoreFixture : IAsyncLifetime
{
    public AzuriteInstance Azurite { get; private set; } = null!;

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => Azurite = await AzuriteInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}
