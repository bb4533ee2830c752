namespace Occupancy.Grains.Members;

/// <summary>A phone number as it may be shown or recorded without revealing it: 138****0000.</summary>
public static class PhoneMask
{
    public static string Mask(string phone)
    {
        if (phone.Length >= 9) return $"{phone[..3]}{new string('*', phone.Length - 7)}{phone[^4..]}";
        return $"{new string('*', Math.Max(0, phone.Length - 2))}{phone[^Math.Min(2, phone.Length)..]}";
    }
}
