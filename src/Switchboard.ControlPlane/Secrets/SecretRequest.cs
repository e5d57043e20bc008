namespace Switchboard.ControlPlane.Secrets;

/// <summary><c>POST /secrets</c> takes both; <c>PUT /secrets/{name}</c> takes only <see cref="Value"/>.</summary>
internal sealed record SecretRequest(string? Name, string? Value);
