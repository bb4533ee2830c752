using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Occupancy.Api.Reference;

/// <summary>Examples of the main bodies, by operationId: what a client sends and what it gets back.</summary>
internal static class OperationExamples
{
    private const string Json = "application/json";

    private static readonly JsonObject Booking = new()
    {
        ["bookingId"] = "b-7f3a9c", ["sessionId"] = "taichi-0601-0900", ["memberId"] = "m-1024", ["status"] = "waitlisted",
        ["waitlistPosition"] = 2, ["bookedBy"] = "m-1024", ["late"] = null,
        ["createdAt"] = "2026-06-01T00:12:40.512Z", ["updatedAt"] = "2026-06-01T00:12:40.512Z",
    };

    private static readonly JsonObject Token = new()
    {
        ["accessToken"] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.…", ["expiresAt"] = "2026-06-01T08:00:00Z", ["role"] = "staff",
        ["subject"] = "desk-wang", ["sites"] = new JsonArray("fuming"), ["memberId"] = null, ["facilityId"] = null, ["canteenId"] = null,
        ["name"] = "王丽",
    };

    private static readonly Dictionary<string, (JsonObject? Request, int Status, JsonNode? Response)> Examples = new(StringComparer.Ordinal)
    {
        ["bookSeat"] = (new JsonObject { ["memberId"] = "m-1024" }, 201, Booking),
        ["cancelBooking"] = (null, 200, With(Booking, ("status", "cancelled"), ("waitlistPosition", null), ("late", false))),
        ["checkIn"] = (null, 200, With(Booking, ("status", "checkedIn"), ("waitlistPosition", null), ("bookedBy", "staff"))),
        ["defineSession"] = (new JsonObject
        {
            ["siteId"] = "fuming", ["facilityId"] = "fuming-gym", ["title"] = "太极", ["titleEn"] = "Tai chi", ["category"] = "class",
            ["startsAt"] = "2026-06-01T01:00:00Z", ["endsAt"] = "2026-06-01T02:00:00Z", ["capacity"] = 12, ["waitlistCapacity"] = 5,
            ["bookingOpensAt"] = "2026-05-25T00:00:00Z", ["bookingClosesAt"] = "2026-06-01T00:30:00Z", ["cancelFreeUntil"] = "2026-06-01T00:00:00Z",
            ["eligibility"] = new JsonObject { ["ageGroups"] = new JsonArray("senior", "adult") },
        }, 0, null),
        ["recordEntries"] = (new JsonObject { ["count"] = 2, ["zoneId"] = "machines", ["eventId"] = "gate-3-000912" }, 0, null),
        ["recordExits"] = (new JsonObject { ["count"] = 1, ["zoneId"] = "machines", ["eventId"] = "gate-3-000913" }, 0, null),
        ["setTableSeats"] = (new JsonObject { ["occupied"] = 3 }, 0, null),
        ["recordVisit"] = (new JsonObject { ["cardNumber"] = "10241024" }, 201, new JsonObject
        {
            ["canteenId"] = "binjiang-canteen", ["siteId"] = "binjiang", ["memberId"] = "m-1024", ["date"] = "2026-06-01", ["meal"] = "lunch",
            ["at"] = "2026-06-01T03:12:40.512Z", ["alreadyCounted"] = false, ["diners"] = 37,
        }),
        ["signInStaff"] = (new JsonObject { ["username"] = "desk-wang", ["password"] = "correct horse battery staple" }, 200, Token),
        ["signInResident"] = (new JsonObject { ["cardNumber"] = "20261024", ["pin"] = "2468" }, 200,
            With(Token, ("role", "resident"), ("subject", "m-1024"), ("sites", new JsonArray()), ("memberId", "m-1024"), ("name", "杨根有"))),
    };

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is not { } id || !Examples.TryGetValue(id, out var example)) return Task.CompletedTask;
        if (example.Request is { } request && operation.RequestBody?.Content?.TryGetValue(Json, out var body) == true)
            body.Example = request.DeepClone();
        if (example.Response is { } response && operation.Responses?.TryGetValue(example.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var answer) == true
            && answer.Content?.TryGetValue(Json, out var content) == true)
            content.Example = response.DeepClone();
        return Task.CompletedTask;
    }

    private static JsonObject With(JsonObject source, params (string Name, JsonNode? Value)[] changes)
    {
        var copy = (JsonObject)source.DeepClone();
        foreach (var (name, value) in changes) copy[name] = value?.DeepClone();
        return copy;
    }
}
