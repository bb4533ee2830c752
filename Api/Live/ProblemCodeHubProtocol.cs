using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using Occupancy.Grains;

namespace Occupancy.Api.Live;

/// <summary>
/// The hub's JSON protocol, except that a failed invocation's error starts with the problem code, as the contract
/// says (<c>not-found: …</c>). SignalR itself prefixes every error with "An unexpected error occurred invoking 'X'
/// on the server. HubException: ", and no hub filter can change that text, so it is rewritten as it is written.
/// </summary>
internal sealed partial class ProblemCodeHubProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    private const string HubExceptionMarker = " HubException: ";

    private readonly JsonHubProtocol _json = new(options);

    [GeneratedRegex("^[a-z]+(-[a-z]+)*: ", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingCode();

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    /// <summary>
    /// The JSON protocol answers false both for an incomplete message and for a complete one of an unknown type (which
    /// it means to be ignored). With a message size limit SignalR then re-reads the same bytes on every receive, so
    /// one <c>{"type":99}</c> left the connection deaf until its client timed out. Unknown messages are skipped here;
    /// only an incomplete one (nothing consumed) waits for more bytes.
    /// </summary>
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        while (true)
        {
            var before = input.Length;
            if (_json.TryParseMessage(ref input, binder, out message)) return true;
            if (input.Length == before) return false;
        }
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(WithProblemCode(message), output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(WithProblemCode(message));

    private static HubMessage WithProblemCode(HubMessage message)
    {
        if (message is not CompletionMessage { Error: { } error } completion) return message;
        var rewritten = new CompletionMessage(completion.InvocationId!, ErrorWithCode(error), result: null, hasResult: false)
        {
            Headers = completion.Headers,
        };
        return rewritten;
    }

    /// <summary>
    /// A HubException's own message (the hub's, already starting with a code; SignalR's, such as an unknown method,
    /// are the caller's error); arguments that could not be bound are the caller's error; anything else is the cluster's.
    /// </summary>
    public static string ErrorWithCode(string error)
    {
        var marker = error.IndexOf(HubExceptionMarker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            var message = error[(marker + HubExceptionMarker.Length)..];
            return LeadingCode().IsMatch(message) ? message : $"{ProblemCodes.InvalidRequest}: {message}";
        }
        if (error.StartsWith("Failed to invoke", StringComparison.Ordinal))
            return $"{ProblemCodes.InvalidRequest}: {error} The arguments are not of the expected types.";
        return $"{ProblemCodes.ClusterUnavailable}: {error}";
    }
}
