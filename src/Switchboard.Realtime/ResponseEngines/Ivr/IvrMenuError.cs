namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>
/// One problem found in an IVR menu document. <paramref name="Path"/> locates it in JSON-path-like form relative to the
/// document root (<c>options[1].action.menu.prompt</c>); empty for the root itself.
/// </summary>
public sealed record IvrMenuError(string Path, string Message);
