namespace Switchboard.ControlPlane.Functions;

/// <summary>Stable <c>error.code</c> values of a function execution.</summary>
internal static class FunctionErrorCodes
{
    public const string FunctionNotFound = "function_not_found";
    public const string InvalidArguments = "invalid_arguments";
    public const string Timeout = "timeout";
    public const string ResultTooLarge = "result_too_large";
    public const string OnlyDuringCall = "only_during_call";
    public const string NotAvailable = "not_available";
    public const string ProviderNotConfigured = "provider_not_configured";
    public const string ProviderFailed = "provider_failed";
    public const string CalculationError = "calculation_error";
    public const string TableNotFound = "table_not_found";
    public const string InvalidFilter = "invalid_filter";
    public const string ExecutionFailed = "execution_failed";

    // HTTP functions.
    public const string HttpError = "http_error";
    public const string ResponseTooLarge = "response_too_large";
    public const string RequestRefused = "request_refused";
    public const string ConnectionFailed = "connection_failed";
    public const string SecretNotFound = "secret_not_found";
    public const string InvalidRequest = "invalid_request";
    public const string InvalidSettings = "invalid_settings";
}
