using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Switchboard.ControlPlane.Http;

/// <summary>
/// Turns request-shape failures (bad JSON, wrong content type, too large) into precise problem responses, and
/// anything else into a 500 that says nothing about the server's insides.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(exception);
        if (problem.Status >= 500) LogUnhandled(logger, httpContext.TraceIdentifier, exception);

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Describe(Exception exception)
    {
        var json = FindJsonException(exception);
        if (json is not null && json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var field = string.IsNullOrEmpty(json.Path) ? "$" : json.Path.TrimStart('$', '.');
            var problem = Make(400, "Validation failed", $"Unknown field '{field}': it is not part of this resource.", ErrorCodes.ValidationFailed);
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = ["Unknown field."] };
            return problem;
        }
        if (json is not null)
        {
            var problem = Make(400, "Malformed JSON", JsonDetail(json), ErrorCodes.MalformedJson);
            if (json.LineNumber is { } line) problem.Extensions["line"] = line + 1;
            if (json.BytePositionInLine is { } column) problem.Extensions["position"] = column + 1;
            if (!string.IsNullOrEmpty(json.Path) && json.Path != "$") problem.Extensions["path"] = json.Path;
            return problem;
        }

        if (exception is BadHttpRequestException bad)
        {
            return bad.StatusCode switch
            {
                415 => Make(415, "Unsupported media type", "Send the body as application/json.", ErrorCodes.UnsupportedMediaType),
                413 => Make(413, "Payload too large", "The request body is larger than the 1 MB limit.", ErrorCodes.PayloadTooLarge),
                _ => Make(bad.StatusCode, "Bad request", BadRequestDetail(bad), ErrorCodes.BadRequest),
            };
        }

        return Make(500, "Internal server error", null, ErrorCodes.InternalError);
    }

    // The framework's messages name our parameter types; say what the client can act on instead.
    private static string BadRequestDetail(BadHttpRequestException bad) =>
        bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && bad.Message.Contains("required", StringComparison.OrdinalIgnoreCase)
            ? "A JSON request body is required."
            : bad.Message.Contains("parameter", StringComparison.OrdinalIgnoreCase)
                ? "A query or route parameter has an invalid value: " + bad.Message
                : "The request could not be read.";

    private static string JsonDetail(JsonException json)
    {
        // System.Text.Json's message after the first sentence repeats path/position we return as fields.
        var message = json.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            message = "A value has the wrong type" + (json.Path is null ? "." : " at " + json.Path + ".");
        }
        return message;
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JsonException json) return json;
        }
        return null;
    }

    private static ProblemDetails Make(int status, string title, string? detail, string code)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for request {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, string requestId, Exception exception);
}
