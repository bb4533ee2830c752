using System.Globalization;
using System.Text.Json;

namespace Occupancy.Api.Tests.Reference;

/// <summary>What the OpenAPI document says each operation answers: every status, and for a problem each of its codes.</summary>
public static class DocumentedAnswers
{
    public const string ProblemMediaType = "application/problem+json";
    public const string CodesExtension = "x-problem-codes";

    public static IReadOnlySet<ContractAnswer> Of(JsonElement document)
    {
        var answers = new HashSet<ContractAnswer>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var id = operation.Value.GetProperty("operationId").GetString()!;
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject())
                {
                    var status = int.Parse(response.Name, CultureInfo.InvariantCulture);
                    var problem = response.Value.TryGetProperty("content", out var content) && content.TryGetProperty(ProblemMediaType, out _);
                    if (!problem)
                    {
                        answers.Add(new ContractAnswer(id, status, null));
                        continue;
                    }
                    foreach (var code in response.Value.GetProperty(CodesExtension).EnumerateArray()) answers.Add(new ContractAnswer(id, status, code.GetString()));
                }
            }
        }
        return answers;
    }
}
