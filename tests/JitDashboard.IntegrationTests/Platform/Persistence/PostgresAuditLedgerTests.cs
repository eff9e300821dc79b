using JitDashboard.Features.Audit;
using System.Data.Common;
using JitDashboard.Platform.Audit;

namespace JitDashboard.IntegrationTests.Platform.Persistence;

/// <summary>The ledger cases on a real PostgreSQL server (<see cref="PostgresServerFixture"/>), a new database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLedgerTests(PostgresServerFixture server) : AuditLedgerTestsBase
{
    private string _connectionString = string.Empty;

    protected override IReadOnlyDictionary<string, string?> DatabaseSettings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSQL",
        ["Database:ConnectionString"] = _connectionString,
    };

    protected override IReadOnlyList<string> DropAppendOnlyTriggersSql =>
    [
        "DROP TRIGGER audit_events_append_only ON audit_events;",
        "DROP TRIGGER audit_events_no_truncate ON audit_events;",
    ];

    public override async Task InitializeAsync() => _connectionString = await server.CreateDatabaseAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await server.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task RawTruncate_IsRejectedByTheDatabase()
    {
        var host = await StartHostAsync();
        await Ledger(host).AppendAsync(new AuditEntry("system", AuditActorKind.System, AuditActions.SettingChanged, "x", AuditOutcome.Succeeded));

        var ex = await Assert.ThrowsAnyAsync<DbException>(() => SqlAsync(host, "TRUNCATE audit_events"));
        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        Assert.True((await Ledger(host).VerifyAsync()).IsValid);
    }
}
