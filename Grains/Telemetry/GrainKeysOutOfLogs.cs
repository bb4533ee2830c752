using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Occupancy.Grains.Telemetry;

/// <summary>
/// Orleans names grain ids in its own log lines (a storage write that failed, a call that timed out, an activation
/// that failed), and a member grain's id holds the member id. The console, where the hosts' logs go, is given each
/// line with grain ids shown as spans show them (<see cref="TracePrivacy.Text"/>: <c>member/*</c>), exceptions included.
/// </summary>
public static class GrainKeysOutOfLogs
{
    public static ILoggingBuilder KeepGrainKeysOut(this ILoggingBuilder logging)
    {
        var console = logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToArray();
        foreach (var descriptor in console)
        {
            logging.Services.Remove(descriptor);
            logging.Services.AddSingleton<ILoggerProvider>(sp => new RedactingLoggerProvider(ActivatorUtilities.CreateInstance<ConsoleLoggerProvider>(sp)));
        }
        return logging;
    }
}
