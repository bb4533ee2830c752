namespace Occupancy.Api.Checkin;

/// <summary>The <c>Checkin</c> configuration section: the codes' own key (never the sign-in key) and their lifetimes.</summary>
public sealed class CheckinOptions
{
    public const string Section = "Checkin";

    /// <summary>
    /// The HMAC key codes are signed with, at least 32 characters, the same on every Api node. Unset: a key generated at
    /// first start into <c>{Auth:DataDir}/auth/checkin-key</c> (what ./run.sh and the tests use; logged as a warning in
    /// Production, where several machines need one configured key).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>A membership code lives this long (a printed card is reprinted yearly).</summary>
    public TimeSpan MembershipCodeLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>A queued scan is honoured this long after it was made (the silo's <c>Booking:LateScanWindow</c> matches it).</summary>
    public TimeSpan ScanMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A kiosk's clock may run this far ahead of the Api's: a scan made later than now by more is refused.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);
}
