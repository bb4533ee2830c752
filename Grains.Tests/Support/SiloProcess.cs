using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// The entry point of this assembly when the failover tests start it as a silo process of its own
/// (so that killing a silo is killing a process). Test runs never call it.
/// </summary>
public static class SiloProcess
{
    public static Task Main(string[] args) => StandaloneSiloHost.Main(args);
}
