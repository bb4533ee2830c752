using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Hosting;

namespace Occupancy.Bench.Floors;

/// <summary>
/// Every server the bench compares listens with the Api's accept queue (<see cref="ApiServices.ListenBacklog"/>): with
/// Kestrel's 512, a thousand connections opened at once overflow it and a dropped handshake waits out a one-second
/// retransmit, which measures the kernel's queue rather than the server's work (BENCHMARKS.md).
/// </summary>
internal static class AcceptQueue
{
    public static WebApplicationBuilder WithApiAcceptQueue(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SocketTransportOptions>(o => o.Backlog = ApiServices.ListenBacklog);
        return builder;
    }
}
