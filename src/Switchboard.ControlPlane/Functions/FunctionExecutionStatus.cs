namespace Switchboard.ControlPlane.Functions;

/// <summary>The <c>status</c> of an execution, stable for filters and clients.</summary>
internal static class FunctionExecutionStatus
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string InvalidArguments = "invalid_arguments";
    public const string TimedOut = "timed_out";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { Succeeded, Failed, InvalidArguments, TimedOut };
}
