using System.Text.Json;
using System.Text.Json.Nodes;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;
using Occupancy.Testing;

namespace Occupancy.Api.Tests.Reference;

/// <summary>docs/openapi.json, the public copy of the document, is exactly what the Api serves at /openapi/v1.json.</summary>
[Collection(ApiCollection.Name)]
public sealed class PublishedDocumentTests(ApiFixture api)
{
    public const string PublicCopy = "docs/openapi.json";

    [Fact]
    public async Task The_committed_document_is_the_one_the_Api_serves()
    {
        var served = JsonNode.Parse((await Served(api)).GetRawText())!;
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AzuriteInstance.FindRepositoryRoot(), PublicCopy)))!;

        Assert.True(JsonNode.DeepEquals(served, committed),
            $"{PublicCopy} differs from what the Api serves at /openapi/v1.json (first difference at {FirstDifference(served, committed, "#")}). "
            + $"Refresh it with scripts/openapi.sh (it copies the build's Api/obj/openapi/openapi.json) and commit it.");
    }

    /// <summary>The document as the test Api node serves it to staff.</summary>
    public static async Task<JsonElement> Served(ApiFixture api)
    {
        using var client = api.ClientAs(Actor.StaffOf("desk", "reference"));
        return await ApiFixture.Read(await client.GetAsync("/openapi/v1.json"), 200);
    }

    private static string FirstDifference(JsonNode? served, JsonNode? committed, string pointer)
    {
        if (served is JsonObject a && committed is JsonObject b)
        {
            foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
            {
                if (!a.ContainsKey(name)) return $"{pointer}/{name} (only in the committed copy)";
                if (!b.ContainsKey(name)) return $"{pointer}/{name} (only in the served document)";
                if (!JsonNode.DeepEquals(a[name], b[name])) return FirstDifference(a[name], b[name], $"{pointer}/{name.Replace("~", "~0").Replace("/", "~1")}");
            }
        }
        if (served is JsonArray x && committed is JsonArray y)
        {
            if (x.Count != y.Count) return $"{pointer} ({x.Count} items served, {y.Count} committed)";
            for (var i = 0; i < x.Count; i++)
                if (!JsonNode.DeepEquals(x[i], y[i])) return FirstDifference(x[i], y[i], $"{pointer}/{i}");
        }
        return $"{pointer}: served {Shorten(served)}, committed {Shorten(committed)}";
    }

    private static string Shorten(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 120 ? text : text[..120] + "…";
    }
}
