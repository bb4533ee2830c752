using System.Text.Json;
using System.Text.Json.Serialization;

namespace Occupancy.ApiClient;

/// <summary>The generated client's JSON settings, completed where the generator falls short of the document.</summary>
public partial class OccupancyClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        // The document's enums are strings; NSwag puts a string-enum converter on single enum properties but not on
        // lists of them (Eligibility.ageGroups), which it would write as numbers. One converter for all; it honours the
        // generated [JsonStringEnumMemberName] names ("senior", "checkedIn", "already-booked").
        settings.Converters.Add(new JsonStringEnumConverter());
        // An optional property the caller did not set is left out, as the document means, not sent as null (which a
        // non-nullable field such as eligibility.annualCardRequired rightly refuses).
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }
}
