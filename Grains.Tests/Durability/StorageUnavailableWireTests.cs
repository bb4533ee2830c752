using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>
/// A write whose outcome is unknown reaches the Api as <see cref="StorageUnavailableException"/>. The store's own
/// exception (the table provider's "update condition not satisfied", after a retried write) once travelled inside it:
/// the Api node, which does not load the store provider's assembly, could not read the response, dropped it, and the
/// booking waited out the 30 s call timeout before a 503 (13 times in a spread run of 2,000 bookings).
/// </summary>
public sealed class StorageUnavailableWireTests
{
    [Fact]
    public void The_cause_travels_as_text_so_a_client_without_the_stores_assemblies_can_read_it()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var cause = new TimeoutException("The table did not answer within 4 s.");

        var received = serializer.Deserialize<StorageUnavailableException>(
            serializer.SerializeToArray(new StorageUnavailableException("The store did not confirm the write; the outcome is unknown.", cause)));

        Assert.NotNull(received);
        Assert.Null(received.InnerException);
        Assert.Contains("TimeoutException: The table did not answer within 4 s.", received.Message);
    }
}
