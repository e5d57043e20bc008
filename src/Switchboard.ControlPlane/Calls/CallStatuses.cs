namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// The lifecycle of a call record: registered (created, not yet connected), ringing (an outbound call being alerted),
/// in_progress (connected, from <c>CallStarted</c>), then ended or error.
/// </summary>
internal static class CallStatuses
{
    public const string Registered = "registered";
    public const string Ringing = "ringing";
    public const string InProgress = "in_progress";
    public const string Ended = "ended";
    public const string Error = "error";

    public static bool IsKnown(string value) => value is Registered or Ringing or InProgress or Ended or Error;
}
