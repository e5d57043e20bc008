namespace Switchboard.ControlPlane.Http;

/// <summary>Stable machine-readable <c>code</c> values of problem responses; clients branch on these.</summary>
internal static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedJson = "malformed_json";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string MissingApiKey = "missing_api_key";
    public const string InvalidApiKey = "invalid_api_key";
    public const string InsufficientScope = "insufficient_scope";
    public const string RateLimited = "rate_limited";
    public const string QuotaExceeded = "quota_exceeded";
    public const string Conflict = "conflict";
    public const string IdempotencyConflict = "idempotency_conflict";
    public const string InvalidAccessToken = "invalid_access_token";
    public const string AtCapacity = "at_capacity";
    public const string BadRequest = "bad_request";
    public const string InternalError = "internal_error";

    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => MissingApiKey,
        403 => InsufficientScope,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => ValidationFailed,
        429 => RateLimited,
        _ when status >= 500 => InternalError,
        _ => "error",
    };
}
