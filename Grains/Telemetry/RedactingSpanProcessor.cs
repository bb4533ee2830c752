using System.Diagnostics;
using OpenTelemetry;

namespace Occupancy.Grains.Telemetry;

/// <summary>
/// Rewrites every ended span before the exporters that follow it see it (<see cref="TracePrivacy"/>): an HTTP server
/// span's path becomes its route template (<c>/api/members/{memberId}</c>) or goes when no route matched, queries go,
/// URLs lose their Azure Table row address, and grain ids anywhere (Orleans' target, source and grain id tags,
/// addresses, exception messages and stack traces, events, the status and the span's name) keep their key only when
/// it names a place.
/// </summary>
internal sealed class RedactingSpanProcessor : BaseProcessor<Activity>
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal) { "url.query", "http.target", "http.request.header.authorization" };

    private static readonly HashSet<string> Urls = new(StringComparer.Ordinal) { "url.full", "http.url", "url.original" };

    public override void OnEnd(Activity activity)
    {
        List<KeyValuePair<string, string?>>? changes = null;
        foreach (var (key, value) in activity.TagObjects)
        {
            if (value is not string text) continue;
            var redacted = key switch
            {
                _ when Dropped.Contains(key) => null,
                "url.path" => activity.GetTagItem("http.route") as string,
                _ when Urls.Contains(key) => TracePrivacy.Url(text),
                _ => TracePrivacy.Text(text),
            };
            if (!string.Equals(redacted, text, StringComparison.Ordinal)) (changes ??= []).Add(new(key, redacted));
        }
        if (changes is not null)
        {
            // SetTag with null removes the tag.
            foreach (var (key, value) in changes) activity.SetTag(key, value);
        }

        var name = TracePrivacy.Text(activity.DisplayName);
        if (!string.Equals(name, activity.DisplayName, StringComparison.Ordinal)) activity.DisplayName = name;
        if (activity.StatusDescription is { } status && TracePrivacy.Text(status) is var shown && !string.Equals(shown, status, StringComparison.Ordinal))
        {
            activity.SetStatus(activity.Status, shown);
        }

        foreach (var activityEvent in activity.Events)
        {
            // Exception events are built on a tag collection of their own, which is the only way to reach their message
            // and stack trace once recorded (an ended span offers no way to replace an event).
            if (activityEvent.Tags is not ActivityTagsCollection tags) continue;
            foreach (var (key, value) in tags.ToArray())
            {
                if (value is string text && TracePrivacy.Text(text) is var redacted && !string.Equals(redacted, text, StringComparison.Ordinal)) tags[key] = redacted;
            }
        }
    }
}
