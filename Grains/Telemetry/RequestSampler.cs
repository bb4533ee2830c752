using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Occupancy.Grains.Telemetry;

/// <summary>
/// Traces start at requests. A span with a parent follows its parent's decision; a span that links a sampled request
/// (a group-commit write carrying it) is sampled, so no sampled request loses its write. A new trace is started for a
/// share of requests (<paramref name="ratio"/>), except from an outgoing call nobody asked for (a client span or an Azure
/// SDK operation without a parent: membership and reminder table polling, subscription renewals, timers' calls), which
/// starts none unless <paramref name="background"/>: a silo polls its tables every few seconds, and those traces would
/// bury the requests'.
/// </summary>
internal sealed class RequestSampler(double ratio, bool background) : Sampler
{
    private readonly Sampler _share = new TraceIdRatioBasedSampler(Math.Clamp(ratio, 0, 1));

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
    {
        if (parameters.ParentContext.TraceId != default)
        {
            return new SamplingResult((parameters.ParentContext.TraceFlags & ActivityTraceFlags.Recorded) != 0 || LinksSampled(parameters)
                ? SamplingDecision.RecordAndSample
                : SamplingDecision.Drop);
        }
        if (LinksSampled(parameters)) return new SamplingResult(SamplingDecision.RecordAndSample);
        if (!background && (parameters.Kind == ActivityKind.Client || IsAzureOperation(parameters))) return new SamplingResult(SamplingDecision.Drop);
        return _share.ShouldSample(parameters);
    }

    /// <summary>The Azure SDK's operations are internal spans named by the client; each carries its service's namespace from the start.</summary>
    private static bool IsAzureOperation(in SamplingParameters parameters)
    {
        if (parameters.Tags is null) return false;
        foreach (var tag in parameters.Tags)
        {
            if (tag.Key == "az.namespace") return true;
        }
        return false;
    }

    private static bool LinksSampled(in SamplingParameters parameters)
    {
        if (parameters.Links is null) return false;
        foreach (var link in parameters.Links)
        {
            if ((link.Context.TraceFlags & ActivityTraceFlags.Recorded) != 0) return true;
        }
        return false;
    }
}
