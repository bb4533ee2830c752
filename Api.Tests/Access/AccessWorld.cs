using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Access;

/// <summary>
/// A fresh little world for one cell of the access matrix: site A with a gym, a canteen and a session starting in
/// 20 minutes (so check-in is open), site B, three members (own, their family member, another) and own's booking.
/// Every id is new, so a cell's change cannot leak into another cell.
/// </summary>
public sealed class AccessWorld
{
    public const string OwnName = "杨根有";
    public const string OwnPhone = "13812345678";

    private AccessWorld(ApiFixture api) => Api = api;

    public ApiFixture Api { get; }

    public string SiteA { get; } = Catalog.NewId("site-a");
    public string SiteB { get; } = Catalog.NewId("site-b");
    public string Gym { get; } = Catalog.NewId("gym");
    public string Canteen { get; } = Catalog.NewId("canteen");
    public string Session { get; } = Catalog.NewId("session");
    public string Own { get; } = Catalog.NewId("m-own");
    public string Family { get; } = Catalog.NewId("m-fam");
    public string Other { get; } = Catalog.NewId("m-other");
    public string Booking { get; private set; } = "";

    /// <summary>
    /// A diner with a resident card, for the canteen visit a desk or a device records. Not one of the callers: their
    /// tokens stay minted ones that a refresh refuses.
    /// </summary>
    public string Diner { get; } = Catalog.NewId("m-diner");

    public string DinerCard { get; private set; } = "00000000";

    /// <summary>A staff account and a device credential an administrator made, for the routes that remove them.</summary>
    public string StaffAccount { get; } = Catalog.NewId("desk");

    public string Device { get; private set; } = "";

    /// <summary>Ids that were never created, for "forbidden whether or not it exists".</summary>
    public string Missing { get; } = Catalog.NewId("missing");

    /// <summary>A world whose ids were never created (its requests reach fresh grains), for outages.</summary>
    public static AccessWorld Unstaged(ApiFixture api) => new(api) { Booking = Catalog.NewId("b"), Device = Catalog.NewId("dev") };

    public static async Task<AccessWorld> Create(ApiFixture api)
    {
        var w = new AccessWorld(api);
        await api.PutJson($"/api/sites/{w.SiteA}", Catalog.Site(), 201);
        await api.PutJson($"/api/sites/{w.SiteB}", Catalog.Site("和丰社区"), 201);
        await api.PutJson($"/api/facilities/{w.Gym}", Catalog.Gym(w.SiteA), 201);
        await api.PutJson($"/api/canteens/{w.Canteen}", Catalog.Canteen(w.SiteA), 201);
        await api.PutJson($"/api/sessions/{w.Session}", w.SessionDefinition(), 201);
        await api.PutJson($"/api/members/{w.Family}", w.Profile("杨家人", "13900000001", w.SiteA), 201);
        await api.PutJson($"/api/members/{w.Other}", w.Profile("李路人", "13900000002", w.SiteB), 201);
        await api.PutJson($"/api/members/{w.Own}", w.Profile(OwnName, OwnPhone, w.SiteA, family: [w.Family]), 201);
        var booking = await api.PostJson($"/api/sessions/{w.Session}/bookings", new { memberId = w.Own }, 201);
        w.Booking = booking.GetProperty("bookingId").GetString()!;
        await api.PutJson($"/api/members/{w.Diner}", w.Profile("张食客", "13900000003", w.SiteA), 201);
        w.DinerCard = (await api.PutJson($"/api/members/{w.Diner}/pin", new { pin = "2468" }, 200)).GetProperty("cardNumber").GetString()!;
        await api.PutJson($"/api/admin/staff/{w.StaffAccount}", new { name = "王丽", role = "staff", sites = new[] { w.SiteA }, password = "a-long-enough-password" }, 201);
        var device = await api.PostJson("/api/admin/devices", new { name = "入口闸机", facilityId = w.Gym }, 201);
        w.Device = device.GetProperty("deviceId").GetString()!;
        return w;
    }

    public object SessionDefinition(int capacity = 10)
    {
        var now = DateTimeOffset.UtcNow;
        return new
        {
            siteId = SiteA, facilityId = Gym, title = "太极", category = "class",
            startsAt = now.AddMinutes(20), endsAt = now.AddMinutes(80), capacity, waitlistCapacity = 5,
            bookingOpensAt = now.AddDays(-1), bookingClosesAt = now.AddMinutes(15), cancelFreeUntil = now.AddMinutes(10),
            eligibility = new { ageGroups = new[] { "senior", "adult" } },
        };
    }

    public object Profile(string name, string phone, string homeSiteId, string[]? family = null) =>
        new { name, phone, homeSiteId, ageGroup = "senior", resident = true, family = family ?? [] };

    public Actor? ActorOf(Caller caller) => caller switch
    {
        Caller.Member => Actor.ResidentOf(Own),
        Caller.Family => Actor.ResidentOf(Family),
        Caller.OtherResident => Actor.ResidentOf(Other),
        Caller.StaffIn => Actor.StaffOf("desk-a", SiteA),
        Caller.StaffOut => Actor.StaffOf("desk-b", SiteB),
        Caller.GymDevice => Actor.FacilityDevice("dev-gym", Gym),
        Caller.CanteenDevice => Actor.CanteenDevice("dev-canteen", Canteen),
        Caller.Kiosk => Actor.SiteDevice("dev-kiosk-a", SiteA),
        Caller.OtherKiosk => Actor.SiteDevice("dev-kiosk-b", SiteB),
        Caller.Admin or Caller.Expired or Caller.ForeignKey => Actor.Admin("matrix-admin"),
        _ => null,
    };

    /// <summary>The Authorization header the caller sends, if any.</summary>
    public AuthenticationHeaderValue? Authorization(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.Malformed => new("Bearer", "not-a-jwt"),
        Caller.Expired => new("Bearer", ExpiredToken()),
        Caller.ForeignKey => new("Bearer", ForeignToken()),
        _ => new("Bearer", Api.TokenFor(ActorOf(caller)!)),
    };

    public string? AccessToken(Caller caller) => Authorization(caller)?.Parameter;

    // Issued long enough ago to be past the validation's clock skew.
    private string ExpiredToken() => Sign(Api.SigningKey(), DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));

    private static string ForeignToken() => Sign(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)), DateTime.UtcNow, DateTime.UtcNow.AddMinutes(10));

    private static string Sign(SecurityKey key, DateTime issuedAt, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "occupancy",
        Audience = "occupancy",
        Claims = new Dictionary<string, object> { ["sub"] = "matrix-admin", ["role"] = "admin" },
        IssuedAt = issuedAt,
        NotBefore = issuedAt,
        Expires = expires,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });
}
