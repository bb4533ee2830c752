using System.Globalization;
using System.Net;
using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Accounts;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Devices;

namespace Occupancy.Api.Apis;

/// <summary>
/// Sign-in in Embedded mode: staff by username and password, residents by card number and PIN, devices by id and
/// secret; renewal of a token while its account, card or device still stands; who a token is (both modes); and the
/// loopback-only demo shortcuts. In Oidc mode only <c>/api/auth/me</c> exists: the Api mints nothing.
/// </summary>
internal static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app, AuthMode mode, bool demoCatalog)
    {
        var api = app.MapGroup("/api/auth").WithTags("Sign-in");

        api.MapGet("/me", (HttpContext http) => Me(http))
            .Produces<WhoAmI>()
            .Gives(ProblemCodes.Forbidden)
            .Describe("whoAmI", "Who the token is for", "Who the presented token says the caller is: role, subject, sites, and the member, facility or canteen it is bound to.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        if (mode != AuthMode.Embedded) return app;

        api.MapPost("/staff", async (StaffSignIn body, IGrainFactory grains, TokenIssuer issuer, HttpContext http) =>
                Usernames.IsValid(body.Username) && body.Password.Length <= StaffAccountDefinition.MaxPassword
                    ? Answer(await grains.GetGrain<IStaffAccountGrain>(body.Username).SignIn(body.Password), issuer, http)
                    : WrongCredentials(http))
            .Produces<TokenAnswer>()
            .Gives(ProblemCodes.RateLimited)
            .Describe("signInStaff", "Sign in as staff", "Staff and administrators sign in with username and password. Wrong credentials are 401; "
                + "too many failed attempts lock the account for a while (429 with Retry-After).");

        api.MapPost("/resident", async (ResidentSignIn body, IGrainFactory grains, TokenIssuer issuer, HttpContext http) =>
                CardNumbers.IsValid(body.CardNumber) && CardNumbers.IsValidPin(body.Pin)
                    ? Answer(await grains.ResidentCard(body.CardNumber).SignIn(body.Pin), issuer, http)
                    : WrongCredentials(http))
            .Produces<TokenAnswer>()
            .Gives(ProblemCodes.RateLimited)
            .Describe("signInResident", "Sign in as a resident", "Residents sign in with the 8-digit card number and the PIN the desk gave them. Wrong "
                + "credentials are 401; too many failed attempts lock the card for a while (429 with Retry-After).");

        api.MapPost("/device", async (DeviceSignIn body, IGrainFactory grains, TokenIssuer issuer, HttpContext http) =>
                Ids.IsValid(body.DeviceId) && body.DeviceId.StartsWith(DeviceSecrets.IdPrefix, StringComparison.Ordinal) && body.Secret.Length <= 200
                    ? Answer(await grains.GetGrain<IDeviceGrain>(body.DeviceId).SignIn(body.Secret), issuer, http)
                    : WrongCredentials(http))
            .Produces<TokenAnswer>()
            .Gives(ProblemCodes.RateLimited)
            .Describe("signInDevice", "Sign in as a device", "A device exchanges its id and secret for a short-lived token. Wrong credentials are 401.");

        api.MapPost("/refresh", async (IGrainFactory grains, TokenIssuer issuer, HttpContext http) =>
                Answer(await Renew(http.Actor(), grains), issuer, http))
            .Produces<TokenAnswer>()
            .Gives(ProblemCodes.RateLimited)
            .Describe("refreshToken", "Renew a token", "A new token for the caller while the account, card or device behind the presented token still stands; 401 otherwise.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        if (demoCatalog) MapDemo(api);
        return app;
    }

    /// <summary>One click to any identity of the demo catalog, for a visitor on the machine itself only.</summary>
    private static void MapDemo(RouteGroupBuilder api)
    {
        api.MapGet("/demo", (HttpContext http, DemoIdentities demo) =>
                IsLoopback(http) ? TypedResults.Ok(demo.List) : NotHere(http))
            .Produces<IReadOnlyList<DemoIdentity>>()
            .Gives(ProblemCodes.NotFound)
            .Describe("listDemoIdentities", "List the demo identities", "The demo catalog's identities, for a visitor on the machine itself: "
                + "any other client gets 404, as if the route did not exist.");

        api.MapPost("/demo/{id}", async (string id, HttpContext http, DemoIdentities demo, IGrainFactory grains, TokenIssuer issuer) =>
            {
                if (!IsLoopback(http) || demo.Find(id) is null) return NotHere(http);
                var result = id.StartsWith(DemoIdentities.ResidentPrefix, StringComparison.Ordinal)
                    ? await grains.GetGrain<IMemberCardGrain>(id[DemoIdentities.ResidentPrefix.Length..]).Refresh()
                    : await grains.GetGrain<IStaffAccountGrain>(id[DemoIdentities.StaffPrefix.Length..]).Refresh();
                return result.Verdict == SignInVerdict.Granted ? Answer(result, issuer, http) : NotHere(http);
            })
            .Produces<TokenAnswer>()
            .Gives(ProblemCodes.NotFound)
            .Describe("signInAsDemoIdentity", "Sign in as a demo identity", "A token for one demo identity, for a visitor on the machine itself: "
                + "any other client gets 404, as if the route did not exist.");
    }

    private static Task<SignInResult> Renew(Actor actor, IGrainFactory grains) => actor.Role switch
    {
        ActorRole.Staff or ActorRole.Admin => grains.GetGrain<IStaffAccountGrain>(actor.Subject).Refresh(),
        ActorRole.Resident when actor.MemberId is { } member => grains.GetGrain<IMemberCardGrain>(member).Refresh(),
        ActorRole.Device => grains.GetGrain<IDeviceGrain>(actor.Subject).Refresh(),
        _ => Task.FromResult(SignInResult.Refused),
    };

    private static IResult Answer(SignInResult result, TokenIssuer issuer, HttpContext http)
    {
        switch (result)
        {
            case { Verdict: SignInVerdict.Granted, Actor: { } actor }:
                return TypedResults.Ok(TokenAnswer.For(issuer.Issue(actor, result.Name), actor, result.Name));
            case { Verdict: SignInVerdict.Locked }:
                var seconds = (long)Math.Ceiling((result.RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ProblemResponses.For(ProblemCodes.RateLimited, $"Too many failed sign-ins: try again in {Math.Max(1, (seconds + 59) / 60)} minute(s).");
            default:
                return WrongCredentials(http);
        }
    }

    /// <summary>401 with <c>WWW-Authenticate</c>, as every 401 of the contract.</summary>
    private static IResult WrongCredentials(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"occupancy\"";
        return ProblemResponses.For(ProblemCodes.Unauthenticated, "These credentials are not right, or no longer valid: sign in again.");
    }

    private static IResult Me(HttpContext http)
    {
        var actor = http.Actor();
        if (actor.Role == ActorRole.Anonymous)
            return ProblemResponses.For(ProblemCodes.Forbidden, "The token carries no role this system knows (resident, staff, device or admin).");
        return TypedResults.Ok(new WhoAmI(TokenIssuer.RoleName(actor.Role), actor.Subject, actor.Sites, actor.MemberId, actor.FacilityId, actor.CanteenId,
            http.User.FindFirst("name")?.Value));
    }

    private static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    private static IResult NotHere(HttpContext http) =>
        ProblemResponses.For(ProblemCodes.NotFound, $"{http.Request.Method} {http.Request.Path}: no such resource.");
}
