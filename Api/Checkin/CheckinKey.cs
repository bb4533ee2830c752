using Microsoft.Extensions.Options;
using Occupancy.Api.Access;

namespace Occupancy.Api.Checkin;

/// <summary>The key codes are signed with: <c>Checkin:SigningKey</c>, else one generated beside the sign-in key (but never that key).</summary>
public sealed class CheckinKey
{
    public const string FileName = "checkin-key";
    public const int MinimumLength = 32;

    public CheckinKey(IOptions<CheckinOptions> options, IOptions<AuthOptions> auth, IHostEnvironment environment, ILogger<CheckinKey> logger)
    {
        if (options.Value.SigningKey is { Length: > 0 } configured)
        {
            if (configured.Length < MinimumLength)
                throw new InvalidOperationException($"Checkin:SigningKey must have at least {MinimumLength} characters.");
            Bytes = System.Text.Encoding.UTF8.GetBytes(configured);
            return;
        }
        var path = Path.Combine(auth.Value.ResolvedDataDir, "auth", FileName);
        Bytes = SigningKey.LoadOrCreate(path);
        if (environment.IsProduction())
            logger.LogWarning("Checkin:SigningKey is not set: check-in codes are signed with the key generated in {Path}. Every Api node must sign with the same key: set Checkin:SigningKey on each.", path);
    }

    public byte[] Bytes { get; }
}
