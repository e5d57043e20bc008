namespace Switchboard.Server.Tests.Support;

/// <summary>Keys for tests that must pass the format check yet match no stored key.</summary>
internal static class KeyFactory
{
    public static string WellFormedUnknownKey() => Switchboard.ControlPlane.ApiKeys.ApiKeyFormat.Generate();
}
