using Microsoft.AspNetCore.Http.HttpResults;

namespace Switchboard.ControlPlane.Http;

/// <summary>The problem+json results endpoints return; <c>code</c> and <c>request_id</c> are added centrally.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No {what} with that id.",
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.NotFound });

    /// <param name="status">400 for bad fields; 422 for a well-formed document the server cannot act on (a broken flow graph).</param>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, int status = 400) =>
        TypedResults.Problem(statusCode: status, title: "Validation failed",
            detail: "One or more fields are invalid; see errors.",
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationFailed, ["errors"] = errors });

    /// <summary>Well-formed input whose content cannot be used (an IVR menu that would not run, a missing referenced object).</summary>
    public static ProblemHttpResult Unprocessable(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(statusCode: 422, title: "Validation failed",
            detail: "The request is well-formed but its content cannot be used; see errors.",
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationFailed, ["errors"] = errors });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: 409, title: "Conflict", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.Conflict });
}
