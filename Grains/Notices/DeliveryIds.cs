using System.Security.Cryptography;
using System.Text;

namespace Occupancy.Grains.Notices;

/// <summary>
/// The delivery id a gateway deduplicates on: derived from the notice id and the recipient, so every retry, restart
/// or repeated enqueue of the same notice to the same person carries the same id. Opaque: it names no one.
/// </summary>
public static class DeliveryIds
{
    public static string Of(string noticeId, string recipientMemberId) =>
        "d-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(noticeId + "\n" + recipientMemberId)))[..32];
}
