namespace Switchboard.ControlPlane.Calls;

/// <summary>The lifecycle of a call record: registered (created, not yet connected), ongoing, then ended or error.</summary>
internal static class CallStatuses
{
    public const string Registered = "registered";
    public const string Ongoing = "ongoing";
    public const string Ended = "ended";
    public const string Error = "error";

    public static bool IsKnown(string value) => value is Registered or Ongoing or Ended or Error;
}
