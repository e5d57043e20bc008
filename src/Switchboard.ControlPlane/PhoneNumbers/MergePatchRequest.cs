using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>Applies a PATCH body (RFC 7396) to a resource's current writable fields and reads the result back.</summary>
internal static class MergePatchRequest
{
    /// <returns>The merged request, or the 400 explaining why the merged document does not fit the request type.</returns>
    public static (T? Request, ProblemHttpResult? Problem) Apply<T>(JsonObject current, JsonNode? patch) where T : class, new()
    {
        try
        {
            var merged = JsonMergePatch.Apply(current, patch);
            return (merged!.Deserialize<T>(JsonDefaults.Options) ?? new T(), null);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Validation(ex.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "$",
                ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown field." : "Wrong type for this field."));
        }
    }
}
