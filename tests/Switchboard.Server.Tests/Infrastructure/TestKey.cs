namespace Switchboard.Server.Tests.Infrastructure;

public sealed record TestKey(string KeyId, string OrganizationId, string Secret, HttpClient Client);
