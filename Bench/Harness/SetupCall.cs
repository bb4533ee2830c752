using System.Net;

namespace Occupancy.Bench.Harness;

/// <summary>
/// A scenario's setup request (an idempotent PUT: a site, a session, a member), sent until it succeeds. An unknown
/// outcome (503: the store did not confirm in time) or a throttle (429) is sent again, as a real client would, so a
/// busy moment of a shared machine cannot end a whole run; any other refusal is a fault of the run and stops it.
/// </summary>
internal static class SetupCall
{
    private const int Attempts = 20;

    /// <param name="call">Sends the request; called again for each attempt (a request message cannot be sent twice).</param>
    public static async Task Ensure(Func<Task<HttpResponseMessage>> call, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await call();
            if (response.IsSuccessStatusCode) return;
            if (attempt == Attempts || response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests))
                throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 250 * attempt)));
        }
    }
}
