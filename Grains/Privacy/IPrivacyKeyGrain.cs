namespace Occupancy.Grains.Privacy;

/// <summary>
/// The store's secret for keyed hashes of personal data used as keys (phone numbers), generated at first use and
/// kept in grain state, so no number appears in a grain id, a row key or a log line.
/// </summary>
public interface IPrivacyKeyGrain : IGrainWithIntegerKey
{
    /// <summary>HMAC-SHA256 of the phone number under the store's key, as 64 lowercase hex digits.</summary>
    Task<string> HashPhone(string phone);
}
