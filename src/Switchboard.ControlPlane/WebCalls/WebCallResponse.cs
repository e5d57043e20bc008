namespace Switchboard.ControlPlane.WebCalls;

/// <summary>
/// A registered web call: connect a WebSocket to <see cref="StreamUrl"/> with <c>?access_token=</c><see cref="AccessToken"/>
/// before <see cref="ExpiresAt"/>. The token works once.
/// </summary>
internal sealed record WebCallResponse(string CallId, string AccessToken, DateTimeOffset ExpiresAt, string StreamUrl);
