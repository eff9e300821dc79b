namespace JitDashboard.Platform.Persistence;

internal enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
