using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;
using Microsoft.Data.Sqlite;

namespace JitDashboard.IntegrationTests.Platform.Persistence;

/// <summary>The ledger cases on SQLite: a fresh temp folder per test, through the default <c>Database:DataDirectory</c> path.</summary>
public sealed class SqliteAuditLedgerTests : AuditLedgerTestsBase
{
    private string _root = string.Empty;

    private string DataDirectory => Path.Combine(_root, "data");

    protected override IReadOnlyDictionary<string, string?> DatabaseSettings => new Dictionary<string, string?>
    {
        // No connection string: the default file under the data folder, which does not exist yet.
        ["Database:Provider"] = "Sqlite",
        ["Database:DataDirectory"] = DataDirectory,
    };

    protected override IReadOnlyList<string> DropAppendOnlyTriggersSql =>
        ["DROP TRIGGER audit_events_no_update;", "DROP TRIGGER audit_events_no_delete;"];

    public override Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("jitdashboard-sqlite-").FullName;
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Start_WithDefaults_CreatesTheDataFolderAndDatabaseFile()
    {
        Assert.False(Directory.Exists(DataDirectory));

        var host = await StartHostAsync();
        await Ledger(host).AppendAsync(new AuditEntry("system", AuditActorKind.System, AuditActions.SettingChanged, "x", AuditOutcome.Succeeded));

        Assert.True(File.Exists(Path.Combine(DataDirectory, "jitdashboard.db")));
    }
}
