namespace Switchboard.Server.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "api";
}
