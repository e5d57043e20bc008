using Switchboard.ControlPlane.ApiKeys;

namespace Switchboard.ControlPlane.Tests.ApiKeys;

public sealed class ApiKeyScopesTests
{
    [Theory]
    [InlineData("*", "agents:write", true)]
    [InlineData("agents:read", "agents:read", true)]
    [InlineData("agents:read", "agents:write", false)]
    [InlineData("agents:*", "agents:write", true)]
    [InlineData("agents:*", "calls:read", false)]
    [InlineData("calls:read agents:write", "agents:write", true)]
    [InlineData("audit:read", "audit:readx", false)]
    [InlineData("", "agents:read", false)]
    public void Grants(string granted, string required, bool expected) =>
        Assert.Equal(expected, ApiKeyScopes.Grants(ApiKeyScopes.Parse(granted), required));
}
