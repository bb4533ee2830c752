using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Occupancy.Grains.Notices;

/// <summary>Posts one delivery to the operator's gateway, signed. Any 2xx is delivered; anything else, or no answer in time, failed.</summary>
internal static class NoticeWebhook
{
    /// <summary>One client for the process: pooled connections, renewed now and then so a gateway's DNS change is seen.</summary>
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    /// <summary>The body exactly as signed and sent.</summary>
    public static string Body(NoticeMessage message) => JsonSerializer.Serialize(message, OccupancyJson.Options);

    /// <summary>Null when delivered; else why not (for the list, never with a phone number in it).</summary>
    public static async Task<string?> SendAsync(NoticeOptions options, NoticeMessage message, DateTimeOffset realNow)
    {
        var body = Body(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (!string.IsNullOrEmpty(options.Secret))
            request.Headers.TryAddWithoutValidation(NoticeSignature.Header, NoticeSignature.Sign(options.Secret, realNow.ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation(NoticeSignature.DeliveryHeader, message.DeliveryId);
        using var timeout = new CancellationTokenSource(options.Timeout);
        try
        {
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException)
        {
            return "timeout";
        }
        catch (HttpRequestException error)
        {
            return error.HttpRequestError == HttpRequestError.Unknown ? "connection failed" : $"connection failed ({error.HttpRequestError})";
        }
    }
}
