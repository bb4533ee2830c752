using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Telemetry;

namespace Occupancy.Api.Tests.Telemetry;

/// <summary>Orleans' own log lines name grain ids; the console shows a member grain as <c>member/*</c>, in the message and the exception alike.</summary>
[Collection(TracedStackCollection.Name)]
public sealed class GrainKeysOutOfLogsTests(TracedStack stack)
{
    [Fact]
    public void A_line_naming_a_member_grain_reaches_the_console_without_its_key()
    {
        var lines = new LogCollector();
        using var provider = new RedactingLoggerProvider(lines);
        var logger = provider.CreateLogger("Orleans.Storage");

        // As Orleans writes a failed state write: the grain id in the message and in the exception it wraps.
        logger.LogError(new InvalidOperationException("Write of member/ann-5150 failed"), "Error from storage provider during WriteStateAsync for grain {GrainId}", "member/ann-5150");
        logger.LogWarning("Activation of session/yoga-1 was slow");

        var all = string.Join("\n", lines.Lines);
        Assert.DoesNotContain("ann-5150", all, StringComparison.Ordinal);
        Assert.Contains("for grain member/*", all, StringComparison.Ordinal);
        Assert.Contains("Write of member/* failed", all, StringComparison.Ordinal);
        Assert.Contains("Activation of session/yoga-1 was slow", all, StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_writes_its_console_through_the_redaction()
    {
        var providers = stack.Api.Services.GetServices<ILoggerProvider>().ToArray();
        Assert.Contains(providers, p => p is RedactingLoggerProvider);
        Assert.DoesNotContain(providers, p => p is ConsoleLoggerProvider);
    }
}
