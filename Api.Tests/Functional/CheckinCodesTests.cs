using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Occupancy.Api.Access;
using Occupancy.Api.Checkin;

namespace Occupancy.Api.Tests.Functional;

/// <summary>The codes' tokens without a cluster: what is signed reads back, until it expires; any change, or another key, is refused.</summary>
public sealed class CheckinCodesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 1, 0, 0, TimeSpan.Zero);

    private static CheckinCodes With(string key) => new(new CheckinKey(
        Options.Create(new CheckinOptions { SigningKey = key }), Options.Create(new AuthOptions()),
        new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = Environments.Development }, NullLogger<CheckinKey>.Instance));

    private static readonly CheckinCodes Codes = With("a-checkin-key-of-at-least-32-characters!");

    [Fact]
    public void A_booking_code_reads_back_until_its_session_ends()
    {
        var code = CheckinCode.ForBooking("s-1", "b-2", "m-3", Now.AddHours(1));
        var token = Codes.Sign(code);

        Assert.Equal((CodeVerdict.Valid, code), Codes.Read(token, Now));
        Assert.Equal(CodeVerdict.Expired, Codes.Read(token, Now.AddHours(1)).Verdict);
        Assert.True(token.Length < 120, token);
    }

    [Fact]
    public void A_changed_code_or_one_signed_with_another_key_is_not_ours()
    {
        var token = Codes.Sign(CheckinCode.ForMember("m-3", Now.AddDays(365)));
        var other = With("another-key-of-at-least-32-characters!!").Sign(CheckinCode.ForMember("m-3", Now.AddDays(365)));
        var forged = token.Replace(token.Split('.')[1], Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("m|m-4|1900000000"), StringComparison.Ordinal);

        Assert.Equal(CodeVerdict.Valid, Codes.Read(token, Now).Verdict);
        Assert.Equal(CodeVerdict.Invalid, Codes.Read(other, Now).Verdict);
        Assert.Equal(CodeVerdict.Invalid, Codes.Read(forged, Now).Verdict);
        Assert.Equal(CodeVerdict.Invalid, Codes.Read("OC1.x.y", Now).Verdict);
        Assert.Equal(CodeVerdict.Invalid, Codes.Read("https://example.org/", Now).Verdict);
    }

    [Fact]
    public void A_configured_key_shorter_than_32_characters_refuses_to_start() =>
        Assert.Throws<InvalidOperationException>(() => With("short"));
}
