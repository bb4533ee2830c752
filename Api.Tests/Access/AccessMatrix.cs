using static Occupancy.Api.Tests.Access.Caller;

namespace Occupancy.Api.Tests.Access;

/// <summary>One route of the Api, how to call it in a world, and who may.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Route">The route pattern exactly as the Api maps it.</param>
/// <param name="Request">The path (with query) and JSON body to send in a world.</param>
/// <param name="Allowed">Callers that get a 2xx; every other signed-in caller gets 403, the anonymous one 401.</param>
/// <param name="Public">Anonymous callers get 2xx too (a bad token is still 401).</param>
/// <param name="Status">A fixed status expected from every caller with a valid or no token (sign-in with wrong credentials).</param>
/// <param name="OnMissing">Also call it on an entity that does not exist: out of scope is 403 there too, and only an admin learns 404.</param>
/// <param name="MissingAnswer">What each caller gets on the missing entity, where it is not "admin 404, others 403".</param>
/// <param name="Answer">What each signed-in caller gets where the world cannot stage a 2xx (an alert needs a meal's end).</param>
public sealed record AccessRow(
    string Method,
    string Route,
    Func<AccessWorld, (string Path, object? Body)> Request,
    IReadOnlySet<Caller> Allowed,
    bool Public = false,
    int? Status = null,
    Func<AccessWorld, (string Path, object? Body)>? OnMissing = null,
    Func<Caller, Expect>? MissingAnswer = null,
    Func<Caller, Expect>? Answer = null)
{
    public override string ToString() => $"{Method} {Route}";
}

/// <summary>
/// The hand-written expectation table: every route of the Api × every kind of caller. The test fails on a route
/// the Api maps that has no row here, and on a row whose route the Api does not map.
/// </summary>
public static class AccessMatrix
{
    private static readonly IReadOnlySet<Caller> Nobody = new HashSet<Caller>();
    private static readonly Caller[] SignedIn = [Member, Family, OtherResident, StaffIn, StaffOut, GymDevice, CanteenDevice, Kiosk, OtherKiosk, Admin];

    private static IReadOnlySet<Caller> Only(params Caller[] callers) => callers.ToHashSet();

    private static AccessRow Public(string method, string route, Func<AccessWorld, string> path) =>
        new(method, route, w => (path(w), null), SignedIn.ToHashSet(), Public: true);

    private static AccessRow Dashboard(string route, Func<AccessWorld, string> path, IReadOnlySet<Caller>? allowed = null) =>
        new("GET", "/admin/cluster" + route, w => ($"/admin/cluster/{path(w)}", null), allowed ?? Only(Admin));

    /// <summary>The address of the test cluster's silo, as the dashboard names silos.</summary>
    private static string Silo(AccessWorld w) => Uri.EscapeDataString(w.Api.Cluster.Silos[0].SiloAddress.ToParsableString());

    public static readonly IReadOnlyList<AccessRow> Rows =
    [
        // --- screens and health: public shells; their data is what is gated
        Public("GET", "/", _ => "/"),
        Public("GET", "/book", _ => "/book"),
        Public("GET", "/dashboard", _ => "/dashboard"),
        Public("GET", "/dashboard/{id}", w => $"/dashboard/{w.SiteA}"),
        Public("GET", "/admin", _ => "/admin"),
        Public("GET", "/kiosk/{id}", w => $"/kiosk/{w.SiteA}"),
        Public("GET", "/display/canteen/{id}", w => $"/display/canteen/{w.Canteen}"),
        Public("GET", "/display/facility/{id}", w => $"/display/facility/{w.Gym}"),
        Public("GET", "/health/live", _ => "/health/live"),
        Public("GET", "/health/ready", _ => "/health/ready"),

        // --- sites
        Public("GET", "/api/sites", _ => "/api/sites"),
        Public("GET", "/api/sites/{siteId}", w => $"/api/sites/{w.SiteA}"),
        Public("GET", "/api/sites/{siteId}/stats", w => $"/api/sites/{w.SiteA}/stats"),
        Public("GET", "/api/sites/{siteId}/stats.csv", w => $"/api/sites/{w.SiteA}/stats.csv"),
        // Only an administrator creates a site: on a new id, staff get 403 and the admin 201.
        new("PUT", "/api/sites/{siteId}", w => ($"/api/sites/{w.SiteA}", Support.Catalog.Site("滨江社区")), Only(StaffIn, Admin),
            OnMissing: w => ($"/api/sites/{w.Missing}", Support.Catalog.Site("新社区")),
            MissingAnswer: caller => caller == Admin ? Expect.Success : Expect.Forbidden),

        // --- facilities
        Public("GET", "/api/facilities/{facilityId}", w => $"/api/facilities/{w.Gym}"),
        Public("GET", "/api/facilities/{facilityId}/forecast", w => $"/api/facilities/{w.Gym}/forecast"),
        new("PUT", "/api/facilities/{facilityId}", w => ($"/api/facilities/{w.Gym}", Support.Catalog.Gym(w.SiteA, capacity: 50)), Only(StaffIn, Admin)),
        new("POST", "/api/facilities/{facilityId}/entries", w => ($"/api/facilities/{w.Gym}/entries", new { count = 1, zoneId = "machines" }),
            Only(StaffIn, GymDevice, Admin), OnMissing: w => ($"/api/facilities/{w.Missing}/entries", new { count = 1, zoneId = "machines" })),
        new("POST", "/api/facilities/{facilityId}/exits", w => ($"/api/facilities/{w.Gym}/exits", new { count = 1, zoneId = "machines" }),
            Only(StaffIn, GymDevice, Admin), OnMissing: w => ($"/api/facilities/{w.Missing}/exits", new { count = 1, zoneId = "machines" })),
        new("PUT", "/api/facilities/{facilityId}/occupancy", w => ($"/api/facilities/{w.Gym}/occupancy", new { occupied = 3, zoneId = "machines" }),
            Only(StaffIn, GymDevice, Admin), OnMissing: w => ($"/api/facilities/{w.Missing}/occupancy", new { occupied = 3, zoneId = "machines" })),

        // --- canteens
        Public("GET", "/api/canteens/{canteenId}", w => $"/api/canteens/{w.Canteen}"),
        Public("GET", "/api/canteens/{canteenId}/forecast", w => $"/api/canteens/{w.Canteen}/forecast"),
        new("PUT", "/api/canteens/{canteenId}", w => ($"/api/canteens/{w.Canteen}", Support.Catalog.Canteen(w.SiteA)), Only(StaffIn, Admin)),
        new("PUT", "/api/canteens/{canteenId}/tables/{tableId}", w => ($"/api/canteens/{w.Canteen}/tables/t01", new { occupied = 2 }),
            Only(StaffIn, CanteenDevice, Admin), OnMissing: w => ($"/api/canteens/{w.Missing}/tables/t01", new { occupied = 2 })),
        // The world's canteen serves a meal all day; the site's kiosk records visits too.
        new("POST", "/api/canteens/{canteenId}/visits", w => ($"/api/canteens/{w.Canteen}/visits", new { cardNumber = w.DinerCard }),
            Only(StaffIn, CanteenDevice, Kiosk, Admin), OnMissing: w => ($"/api/canteens/{w.Missing}/visits", new { cardNumber = w.DinerCard })),

        // --- sessions and bookings
        Public("GET", "/api/sessions", w => $"/api/sessions?siteId={w.SiteA}"),
        Public("GET", "/api/sessions/{sessionId}", w => $"/api/sessions/{w.Session}"),
        new("PUT", "/api/sessions/{sessionId}", w => ($"/api/sessions/{w.Session}", w.SessionDefinition(capacity: 12)), Only(StaffIn, Admin)),
        new("POST", "/api/sessions/{sessionId}/cancel", w => ($"/api/sessions/{w.Session}/cancel", null), Only(StaffIn, Admin),
            OnMissing: w => ($"/api/sessions/{w.Missing}/cancel", null)),
        new("GET", "/api/sessions/{sessionId}/bookings", w => ($"/api/sessions/{w.Session}/bookings", null), Only(StaffIn, Admin),
            OnMissing: w => ($"/api/sessions/{w.Missing}/bookings", null)),
        new("POST", "/api/sessions/{sessionId}/bookings", w => ($"/api/sessions/{w.Session}/bookings", new { memberId = w.Family }),
            Only(Family, StaffIn, Admin), OnMissing: w => ($"/api/sessions/{w.Missing}/bookings", new { memberId = w.Family }),
            // Sessions are public, so a resident booking for a member they may act for learns that one does not exist.
            MissingAnswer: caller => caller is Admin or OtherResident ? Expect.NotFound : Expect.Forbidden),
        new("GET", "/api/sessions/{sessionId}/bookings/{bookingId}", w => ($"/api/sessions/{w.Session}/bookings/{w.Booking}", null),
            Only(Member, Family, StaffIn, Admin), OnMissing: w => ($"/api/sessions/{w.Missing}/bookings/{w.Booking}", null)),
        new("DELETE", "/api/sessions/{sessionId}/bookings/{bookingId}", w => ($"/api/sessions/{w.Session}/bookings/{w.Booking}", null),
            Only(Member, Family, StaffIn, Admin), OnMissing: w => ($"/api/sessions/{w.Missing}/bookings/{w.Booking}", null)),
        new("POST", "/api/sessions/{sessionId}/bookings/{bookingId}/check-in", w => ($"/api/sessions/{w.Session}/bookings/{w.Booking}/check-in", null),
            Only(StaffIn, Kiosk, Admin), OnMissing: w => ($"/api/sessions/{w.Missing}/bookings/{w.Booking}/check-in", null)),

        // --- check-in codes and kiosk scans: a booking's code as the booking; a membership code as private member data
        new("GET", "/api/sessions/{sessionId}/bookings/{bookingId}/code", w => ($"/api/sessions/{w.Session}/bookings/{w.Booking}/code", null),
            Only(Member, Family, StaffIn, Admin), OnMissing: w => ($"/api/sessions/{w.Missing}/bookings/{w.Booking}/code", null)),
        new("GET", "/api/members/{memberId}/code", w => ($"/api/members/{w.Own}/code", null), Only(Member, Family, StaffIn, Admin),
            OnMissing: w => ($"/api/members/{w.Missing}/code", null)),
        // The world's canteen serves a meal all day: the diner's card and PIN at it records a visit.
        new("POST", "/api/sites/{siteId}/scans", w => ($"/api/sites/{w.SiteA}/scans", new { cardNumber = w.DinerCard, pin = "2468", canteenId = w.Canteen }),
            Only(StaffIn, Kiosk, Admin), OnMissing: w => ($"/api/sites/{w.Missing}/scans", new { cardNumber = w.DinerCard, pin = "2468", canteenId = w.Canteen })),

        // --- members: private
        new("GET", "/api/members", w => ($"/api/members?phone={AccessWorld.OwnPhone}", null), Only(StaffIn, StaffOut, Admin)),
        new("GET", "/api/members/{memberId}", w => ($"/api/members/{w.Own}", null), Only(Member, Family, StaffIn, StaffOut, Admin),
            OnMissing: w => ($"/api/members/{w.Missing}", null)),
        new("PUT", "/api/members/{memberId}", w => ($"/api/members/{w.Own}", w.Profile("杨根友", AccessWorld.OwnPhone, w.SiteA, family: [w.Family])),
            Only(Member, StaffIn, Admin)),
        new("GET", "/api/members/{memberId}/bookings", w => ($"/api/members/{w.Own}/bookings", null), Only(Member, Family, StaffIn, Admin),
            OnMissing: w => ($"/api/members/{w.Missing}/bookings", null)),
        new("GET", "/api/members/{memberId}/visits", w => ($"/api/members/{w.Own}/visits", null), Only(Member, Family, StaffIn, Admin),
            OnMissing: w => ($"/api/members/{w.Missing}/visits", null)),
        new("POST", "/api/members/{memberId}/waive", w => ($"/api/members/{w.Own}/waive", null), Only(StaffIn, Admin),
            OnMissing: w => ($"/api/members/{w.Missing}/waive", null)),
        new("PUT", "/api/members/{memberId}/pin", w => ($"/api/members/{w.Own}/pin", new { pin = "2468" }), Only(StaffIn, Admin),
            OnMissing: w => ($"/api/members/{w.Missing}/pin", new { pin = "2468" })),

        // --- notices: the member, family and home-site staff; a site's day list to its staff
        new("GET", "/api/members/{memberId}/notice-preferences", w => ($"/api/members/{w.Own}/notice-preferences", null),
            Only(Member, Family, StaffIn, Admin), OnMissing: w => ($"/api/members/{w.Missing}/notice-preferences", null)),
        new("PUT", "/api/members/{memberId}/notice-preferences", w => ($"/api/members/{w.Own}/notice-preferences", new { channel = "family" }),
            Only(Member, Family, StaffIn, Admin), OnMissing: w => ($"/api/members/{w.Missing}/notice-preferences", new { channel = "family" })),
        new("GET", "/api/members/{memberId}/notices", w => ($"/api/members/{w.Own}/notices", null),
            Only(Member, Family, StaffIn, Admin), OnMissing: w => ($"/api/members/{w.Missing}/notices", null)),
        new("GET", "/api/sites/{siteId}/notices", w => ($"/api/sites/{w.SiteA}/notices", null), Only(StaffIn, Admin)),
        // --- absence alerts: consent is member data; a site's alerts are its staff's
        new("GET", "/api/members/{memberId}/absence-watch", w => ($"/api/members/{w.Own}/absence-watch", null), Only(Member, Family, StaffIn, Admin),
            OnMissing: w => ($"/api/members/{w.Missing}/absence-watch", null)),
        new("PUT", "/api/members/{memberId}/absence-watch", w => ($"/api/members/{w.Own}/absence-watch", new { note = "consent form" }),
            Only(Member, Family, StaffIn, Admin), OnMissing: w => ($"/api/members/{w.Missing}/absence-watch", new { })),
        new("DELETE", "/api/members/{memberId}/absence-watch", w => ($"/api/members/{w.Own}/absence-watch", null), Only(Member, Family, StaffIn, Admin),
            OnMissing: w => ($"/api/members/{w.Missing}/absence-watch", null)),
        new("GET", "/api/members/{memberId}/absence-alerts", w => ($"/api/members/{w.Own}/absence-alerts", null), Only(Member, Family, StaffIn, Admin),
            OnMissing: w => ($"/api/members/{w.Missing}/absence-alerts", null)),
        new("GET", "/api/sites/{siteId}/alerts", w => ($"/api/sites/{w.SiteA}/alerts", null), Only(StaffIn, Admin)),
        // No alert exists in the world (one needs a meal's end): staff of the site learn that (404), nobody else does.
        new("POST", "/api/sites/{siteId}/alerts/{canteenId}/{date}/{meal}/{memberId}/acknowledge",
            w => ($"/api/sites/{w.SiteA}/alerts/{w.Canteen}/2026-12-02/lunch/{w.Own}/acknowledge", new { outcome = "reachedByPhone", note = "on the phone" }),
            Nobody, Answer: c => c is StaffIn or Admin ? Expect.NotFound : Expect.Forbidden),

        // --- sign-in: anyone may try; wrong credentials are 401 for everyone
        new("POST", "/api/auth/resident", _ => ("/api/auth/resident", new { cardNumber = "00000000", pin = "0000" }), Nobody, Public: true, Status: 401),
        new("POST", "/api/auth/staff", _ => ("/api/auth/staff", new { username = "nobody-here", password = "wrong-password" }), Nobody, Public: true, Status: 401),
        new("POST", "/api/auth/device", _ => ("/api/auth/device", new { deviceId = "dev-nobody", secret = "wrong-secret" }), Nobody, Public: true, Status: 401),
        // Refresh re-checks the account, card or device behind the token; the matrix's callers exist only as minted
        // tokens, so every one is refused (the sign-in tests show a refresh of a real account succeeding).
        new("POST", "/api/auth/refresh", _ => ("/api/auth/refresh", null), Nobody, Status: 401),
        new("GET", "/api/auth/me", _ => ("/api/auth/me", null), SignedIn.ToHashSet()),
        // The test server's clients are not loopback: the demo shortcuts do not exist for them.
        new("GET", "/api/auth/demo", _ => ("/api/auth/demo", null), Nobody, Public: true, Status: 404),
        new("POST", "/api/auth/demo/{id}", _ => ("/api/auth/demo/resident-m-1024", null), Nobody, Public: true, Status: 404),

        // --- administration: admins only
        new("GET", "/api/admin/staff", _ => ("/api/admin/staff", null), Only(Admin)),
        new("PUT", "/api/admin/staff/{username}", _ => ($"/api/admin/staff/{Support.Catalog.NewId("desk")}",
            new { name = "王丽", role = "staff", sites = new[] { "binjiang" }, password = "a-long-enough-password" }), Only(Admin)),
        new("DELETE", "/api/admin/staff/{username}", w => ($"/api/admin/staff/{w.StaffAccount}", null), Only(Admin)),
        new("GET", "/api/admin/devices", _ => ("/api/admin/devices", null), Only(Admin)),
        new("POST", "/api/admin/devices", w => ("/api/admin/devices", new { name = "入口闸机", facilityId = w.Gym }), Only(Admin)),
        new("DELETE", "/api/admin/devices/{deviceId}", w => ($"/api/admin/devices/{w.Device}", null), Only(Admin)),
        new("GET", "/api/admin/audit/phone-lookups", _ => ($"/api/admin/audit/phone-lookups?date={DateTime.UtcNow:yyyy-MM-dd}", null), Only(Admin)),

        // --- the API's description: staff (or a development environment)
        new("GET", "/openapi/{documentName:regex(^v1$)}.json", _ => ("/openapi/v1.json", null), Only(StaffIn, StaffOut, Admin)),
        new("GET", "/scalar/{documentName?}", _ => ("/scalar/v1", null), Only(StaffIn, StaffOut, Admin)),
        new("GET", "/scalar/scalar.js", _ => ("/scalar/scalar.js", null), Only(StaffIn, StaffOut, Admin)),
        new("GET", "/scalar/scalar.aspnetcore.js", _ => ("/scalar/scalar.aspnetcore.js", null), Only(StaffIn, StaffOut, Admin)),
        new("GET", "/scalar/favicon.svg", _ => ("/scalar/favicon.svg", null), Only(StaffIn, StaffOut, Admin)),

        // --- the Orleans dashboard: administrators only (a bearer header, or the cookie its session gives a browser);
        // its grain state and live log views are turned off for everyone
        Dashboard("/", _ => ""),
        Dashboard("/index.html", _ => "index.html"),
        Dashboard("/favicon.ico", _ => "favicon.ico"),
        Dashboard("/index.min.js", _ => "index.min.js"),
        Dashboard("/index.css", _ => "index.css"),
        Dashboard("/fonts/{**path}", _ => "fonts/fa-solid-900.woff2"),
        Dashboard("/img/{**path}", _ => "img/OrleansLogo.png"),
        Dashboard("/version", _ => "version"),
        Dashboard("/DashboardCounters", _ => "DashboardCounters"),
        Dashboard("/ClusterStats", _ => "ClusterStats"),
        Dashboard("/Reminders", _ => "Reminders"),
        Dashboard("/Reminders/{page:int}", _ => "Reminders/1"),
        Dashboard("/HistoricalStats/{*path}", w => $"HistoricalStats/{Silo(w)}"),
        Dashboard("/SiloProperties/{*address}", w => $"SiloProperties/{Silo(w)}"),
        Dashboard("/SiloMetadata/{*address}", w => $"SiloMetadata/{Silo(w)}"),
        Dashboard("/SiloStats/{*address}", w => $"SiloStats/{Silo(w)}"),
        Dashboard("/SiloCounters/{*address}", w => $"SiloCounters/{Silo(w)}"),
        Dashboard("/GrainStats/{*grainName}", _ => "GrainStats/Occupancy.Grains.Sites.SiteGrain"),
        Dashboard("/TopGrainMethods", _ => "TopGrainMethods"),
        Dashboard("/LifecycleStages", _ => "LifecycleStages"),
        Dashboard("/GrainTypes", _ => "GrainTypes"),
        Dashboard("/GrainState", _ => "GrainState?grainId=x&grainType=y", Nobody),
        Dashboard("/Trace", _ => "Trace", Nobody),
        new("POST", "/admin/cluster/session", _ => ("/admin/cluster/session", null), Only(Admin)),
        Public("DELETE", "/admin/cluster/session", _ => "/admin/cluster/session"),
    ];

    /// <summary>Hub topics: public kinds for everyone; a member's topic for the member, their family and staff in scope.</summary>
    public static readonly IReadOnlyList<(string Name, Func<AccessWorld, string> Topic, IReadOnlySet<Caller> Allowed)> Topics =
    [
        ("facility", w => $"facility:{w.Gym}", SignedIn.Append(Anonymous).ToHashSet()),
        ("canteen", w => $"canteen:{w.Canteen}", SignedIn.Append(Anonymous).ToHashSet()),
        ("session", w => $"session:{w.Session}", SignedIn.Append(Anonymous).ToHashSet()),
        ("site", w => $"site:{w.SiteA}", SignedIn.Append(Anonymous).ToHashSet()),
        ("member", w => $"member:{w.Own}", Only(Member, Family, StaffIn, Admin)),
        ("alerts", w => $"alerts:{w.SiteA}", Only(StaffIn, Admin)),
    ];

    /// <summary>The hub's client-callable methods this matrix covers; a new hub method without a row fails the test.</summary>
    public static readonly IReadOnlySet<string> HubMethods = new HashSet<string> { "Watch", "WatchMany", "Unwatch" };
}
