namespace Switchboard.ControlPlane.Data;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
