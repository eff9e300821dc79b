using System.Data.Common;
using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace JitDashboard.IntegrationTests.Platform.Persistence;

/// <summary>
/// The persistence and audit-ledger cases, run once per provider by the subclasses
/// (<see cref="SqliteAuditLedgerTests"/>, <see cref="PostgresAuditLedgerTests"/>). Each test has its own
/// empty database and starts real hosts through <c>AddJitDashboardData</c> + <c>MigrateJitDashboardDatabaseAsync</c>.
/// </summary>
public abstract class AuditLedgerTestsBase : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_567);

    private readonly List<IHost> _hosts = [];

    /// <summary>The <c>Database:*</c> settings pointing at this test's database.</summary>
    protected abstract IReadOnlyDictionary<string, string?> DatabaseSettings { get; }

    /// <summary>SQL that removes the append-only triggers, as an attacker with database access could.</summary>
    protected abstract IReadOnlyList<string> DropAppendOnlyTriggersSql { get; }

    public abstract Task InitializeAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public async Task Migrate_FromEmpty_AppliesInitialAndLeavesNoPendingChanges()
    {
        var host = await StartHostAsync();

        await using var db = await Db(host);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration for this provider.");
        Assert.Equal(0, await db.AuditEvents.CountAsync());

        // A second start (or instance) migrates nothing and does not fail.
        await host.Services.MigrateJitDashboardDatabaseAsync();
        var empty = await Ledger(host).VerifyAsync();
        Assert.True(empty.IsValid);
        Assert.Equal(0, empty.EventCount);
    }

    [Fact]
    public async Task Append_ThreeEvents_ChainLinksAndVerifies()
    {
        var host = await StartHostAsync(new FakeTimeProvider(T0) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) });
        var log = Ledger(host);

        var a = await log.AppendAsync(new AuditEntry("alice@contoso.com", AuditActorKind.User, AuditActions.UserSignedIn, null, AuditOutcome.Succeeded));
        var b = await log.AppendAsync(new AuditEntry("automation:nightly", AuditActorKind.Automation, AuditActions.JitPolicyApplied,
            "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1", AuditOutcome.Succeeded,
            new Dictionary<string, object> { ["ports"] = new[] { 22, 3389 }, ["note"] = "Ünïcode, \"quotes\"" }));
        var c = await log.AppendAsync(new AuditEntry("bob@contoso.com", AuditActorKind.User, AuditActions.AccessRequestFiled, "vm1", AuditOutcome.Denied));

        Assert.Equal([1L, 2L, 3L], [a.Id, b.Id, c.Id]);
        Assert.Equal(AuditHash.GenesisHash, a.PreviousHash);
        Assert.Equal(a.Hash, b.PreviousHash);
        Assert.Equal(b.Hash, c.PreviousHash);
        Assert.Equal(T0.AddTicks(-7), a.OccurredAt); // truncated to whole microseconds
        Assert.Equal("{}", a.Details);
        Assert.Equal(string.Empty, a.Target);

        var result = await log.VerifyAsync();
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(3, result.EventCount);
        Assert.Equal(c.Hash, result.HeadHash);
        Assert.Null(result.FirstBrokenEventId);

        // What a fresh instance reads back is exactly what was hashed.
        var other = await StartHostAsync();
        var stored = (await Ledger(other).QueryAsync(new AuditQuery())).Events;
        Assert.Equal(3, stored.Count);
        var storedB = stored.Single(e => e.Id == 2);
        Assert.Equal(b.OccurredAt, storedB.OccurredAt);
        Assert.Equal(TimeSpan.Zero, storedB.OccurredAt.Offset);
        Assert.Equal(b.Details, storedB.Details);
        Assert.Equal(b.Target, storedB.Target);
        Assert.Equal(AuditActorKind.Automation, storedB.ActorKind);
        Assert.Equal(b.Hash, AuditHash.Compute(storedB));
    }

    [Fact]
    public async Task Query_FiltersAndPaging_NewestFirst()
    {
        var time = new FakeTimeProvider(T0);
        var log = Ledger(await StartHostAsync(time));
        await SeedSixAsync(log, time);
        var t0 = AuditHash.Normalize(T0); // what was stored

        await AssertIdsAsync(log, new AuditQuery { From = t0.AddHours(2), To = t0.AddHours(4) }, 4, 3);

        // Bounds given in another offset mean the same instants.
        var plus2 = TimeSpan.FromHours(2);
        await AssertIdsAsync(log, new AuditQuery { From = t0.AddHours(2).ToOffset(plus2), To = t0.AddHours(4).ToOffset(plus2) }, 4, 3);

        await AssertIdsAsync(log, new AuditQuery { Actor = "BOB" }, 5, 3);
        await AssertIdsAsync(log, new AuditQuery { Action = "access.request.*" }, 5, 4, 3);
        await AssertIdsAsync(log, new AuditQuery { Action = AuditActions.AccessRequestFiled }, 3);
        await AssertIdsAsync(log, new AuditQuery { Action = "access.request" });
        await AssertIdsAsync(log, new AuditQuery { Target = "vm-web01" }, 3, 2);
        await AssertIdsAsync(log, new AuditQuery { Actor = "bob", Target = "DB02" }, 5);

        var first = await log.QueryAsync(new AuditQuery { PageSize = 2 });
        Assert.Equal(new long[] { 6, 5 }, Ids(first));
        Assert.Equal(6, first.TotalCount);
        await AssertIdsAsync(log, new AuditQuery { PageSize = 2, Skip = 2 }, 4, 3);
        await AssertIdsAsync(log, new AuditQuery { PageSize = 2, Skip = 4 }, 2, 1);
        var beyond = await log.QueryAsync(new AuditQuery { PageSize = 2, Skip = 6 });
        Assert.Empty(beyond.Events);
        Assert.Equal(6, beyond.TotalCount);

        var filteredPage = await log.QueryAsync(new AuditQuery { Action = "access.request.*", PageSize = 2, Skip = 2 });
        Assert.Equal(new long[] { 3 }, Ids(filteredPage));
        Assert.Equal(3, filteredPage.TotalCount);

        Assert.Equal(AuditQuery.MaxPageSize, (await log.QueryAsync(new AuditQuery { PageSize = 100_000 })).PageSize);
        Assert.Equal(1, (await log.QueryAsync(new AuditQuery { PageSize = 0 })).PageSize);
    }

    [Fact]
    public async Task Export_AcrossBatches_StreamsEveryMatchNewestFirst_AndWritesCsv()
    {
        var time = new FakeTimeProvider(T0);
        var host = await StartHostAsync(time);
        var log = Ledger(host);
        ((AuditLog)log).BatchSize = 2;
        await SeedSixAsync(log, time);

        var all = await log.ExportAsync(new AuditQuery { PageSize = 1, Skip = 3 }).ToListAsync();
        Assert.Equal([6L, 5L, 4L, 3L, 2L, 1L], all.Select(e => e.Id));
        var matching = await log.ExportAsync(new AuditQuery { Action = "access.request.*" }).ToListAsync();
        Assert.Equal([5L, 4L, 3L], matching.Select(e => e.Id));

        using var csv = new StringWriter();
        await AuditCsvWriter.WriteAsync(log.ExportAsync(new AuditQuery()), csv);
        var lines = csv.ToString().Split("\r\n");
        Assert.Equal(8, lines.Length); // header, 6 rows, empty after the last CRLF
        Assert.Equal(string.Join(',', AuditCsvWriter.Header), lines[0]);
        Assert.StartsWith("6,2026-01-02T08:04:05.123456Z,system,System,setting.changed,", lines[1]);
        Assert.Equal(string.Empty, lines[^1]);

        var verified = await log.VerifyAsync();
        Assert.True(verified.IsValid, verified.Message);
        Assert.Equal(6, verified.EventCount);
    }

    [Fact]
    public async Task Append_FiftyInParallel_KeepsOneUnbrokenChain()
    {
        var log = Ledger(await StartHostAsync());

        var appended = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            log.AppendAsync(new AuditEntry($"user{i}@contoso.com", AuditActorKind.User, AuditActions.AccessRequestFiled, $"vm{i}", AuditOutcome.Succeeded)))));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), appended.Select(e => e.Id).Order());
        var result = await log.VerifyAsync();
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(50, result.EventCount);
    }

    [Fact]
    public async Task AppendMany_ChainsABatchInOrder_AllOrNothing_BesideSingleAppends()
    {
        var first = Ledger(await StartHostAsync());
        var second = Ledger(await StartHostAsync());
        var batch = Enumerable.Range(0, 30).Select(i => new AuditEntry("alice@contoso.com", AuditActorKind.User, AuditActions.JitPolicyApplied, $"vm{i}", AuditOutcome.Succeeded)).ToList();

        var appended = await Task.WhenAll(
            Task.Run(() => first.AppendManyAsync(batch)),
            Task.Run(async () => (IReadOnlyList<AuditEvent>)[await second.AppendAsync(new AuditEntry("bob@contoso.com", AuditActorKind.User, AuditActions.AccessRequestFiled, "vmx", AuditOutcome.Succeeded))]));

        // The batch is one unbroken run of ids, in the order given, each linked to the one before.
        var ids = appended[0].Select(e => e.Id).ToList();
        Assert.Equal(Enumerable.Range((int)ids[0], 30).Select(i => (long)i), ids);
        Assert.Equal(batch.Select(e => e.Target), appended[0].Select(e => e.Target));
        Assert.All(appended[0].Skip(1).Zip(appended[0]), p => Assert.Equal(p.Second.Hash, p.First.PreviousHash));
        // An invalid entry refuses the whole batch.
        await Assert.ThrowsAsync<ArgumentException>(() => first.AppendManyAsync([batch[0], batch[1] with { Action = "" }]));
        var result = await first.VerifyAsync();
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(31, result.EventCount);
    }

    [Fact]
    public async Task Append_FromTwoInstancesAtOnce_KeepsOneUnbrokenChain()
    {
        // Two hosts = two process-wide locks: only the database lock keeps the chain linear.
        var first = Ledger(await StartHostAsync());
        var second = Ledger(await StartHostAsync());

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).AppendAsync(
                new AuditEntry("system", AuditActorKind.System, AuditActions.AutomationRun, $"rule{i}", AuditOutcome.Succeeded)))));

        var result = await first.VerifyAsync();
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(40, result.EventCount);
    }

    [Fact]
    public async Task RawUpdateOrDelete_IsRejectedByTheDatabase()
    {
        var host = await StartHostAsync();
        var log = Ledger(host);
        await log.AppendAsync(new AuditEntry("alice@contoso.com", AuditActorKind.User, AuditActions.UserSignedIn, null, AuditOutcome.Succeeded));
        await log.AppendAsync(new AuditEntry("alice@contoso.com", AuditActorKind.User, AuditActions.UserSignedOut, null, AuditOutcome.Succeeded));

        var update = await Assert.ThrowsAnyAsync<DbException>(() => SqlAsync(host, "UPDATE audit_events SET details = '{\"x\":1}' WHERE id = 1"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => SqlAsync(host, "DELETE FROM audit_events WHERE id = 2"));
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);

        var result = await log.VerifyAsync();
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(2, result.EventCount);
    }

    [Fact]
    public async Task Verify_AfterARowIsAltered_NamesThatEvent()
    {
        var host = await StartHostAsync();
        var log = Ledger(host);
        ((AuditLog)log).BatchSize = 2; // the altered row is in the second batch
        await AppendManyAsync(log, 5);
        Assert.True((await log.VerifyAsync()).IsValid);

        await DropTriggersAsync(host);
        Assert.Equal(1, await SqlAsync(host, "UPDATE audit_events SET details = '{\"ports\":[3389]}' WHERE id = 3"));

        var result = await log.VerifyAsync();
        Assert.False(result.IsValid);
        Assert.Equal(3, result.FirstBrokenEventId);
        Assert.Equal(AuditChainFailure.ContentHashMismatch, result.Failure);
        Assert.Equal(3, result.EventCount);
        Assert.Contains("Event 3", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterARowIsAlteredAndRehashed_NamesTheNextEvent()
    {
        var host = await StartHostAsync();
        var log = Ledger(host);
        await AppendManyAsync(log, 5);
        var row3 = (await log.QueryAsync(new AuditQuery())).Events.Single(e => e.Id == 3);

        // A careful attacker also fixes the row's own hash; the next event's link still gives it away.
        const string forged = "{\"ports\":[3389]}";
        var rehash = AuditHash.Compute(row3.Id, row3.OccurredAt, row3.Actor, row3.ActorKind, row3.Action, row3.Target, row3.Outcome, forged, row3.PreviousHash);
        await DropTriggersAsync(host);
        Assert.Equal(1, await SqlAsync(host, $"UPDATE audit_events SET details = '{forged}', hash = '{rehash}' WHERE id = 3"));

        var result = await log.VerifyAsync();
        Assert.False(result.IsValid);
        Assert.Equal(4, result.FirstBrokenEventId);
        Assert.Equal(AuditChainFailure.PreviousHashMismatch, result.Failure);
    }

    [Fact]
    public async Task Verify_AfterARowIsDeleted_NamesTheEventAfterTheGap()
    {
        var host = await StartHostAsync();
        var log = Ledger(host);
        await AppendManyAsync(log, 5);

        await DropTriggersAsync(host);
        Assert.Equal(1, await SqlAsync(host, "DELETE FROM audit_events WHERE id = 4"));

        var result = await log.VerifyAsync();
        Assert.False(result.IsValid);
        Assert.Equal(5, result.FirstBrokenEventId);
        Assert.Equal(AuditChainFailure.SequenceGap, result.Failure);
    }

    [Fact]
    public async Task DataProtectionKeys_AreSharedThroughTheDatabase()
    {
        var first = await StartHostAsync();
        var secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookies").Protect("alice");

        await using (var db = await Db(first))
        {
            Assert.True(await db.DataProtectionKeys.AnyAsync(), "No data-protection key was stored in the database.");
        }

        // A restarted or second instance has no key ring in memory: it must read the same key.
        var second = await StartHostAsync();
        Assert.Equal("alice", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookies").Unprotect(secret));
    }

    protected async Task<IHost> StartHostAsync(TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.ConfigureContainer(new Microsoft.Extensions.DependencyInjection.DefaultServiceProviderFactory(
            new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        builder.Configuration.AddInMemoryCollection(DatabaseSettings);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddJitDashboardData();

        builder.AddAudit();
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        await host.Services.MigrateJitDashboardDatabaseAsync();
        return host;
    }

    protected static IAuditLog Ledger(IHost host) => host.Services.GetRequiredService<IAuditLog>();

    protected static async Task<JitDbContext> Db(IHost host) =>
        await host.Services.GetRequiredService<IDbContextFactory<JitDbContext>>().CreateDbContextAsync();

    /// <summary>Runs SQL on the app's connection, bypassing EF (as someone with database access would).</summary>
    protected static async Task<int> SqlAsync(IHost host, string sql)
    {
        await using var db = await Db(host);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private async Task DropTriggersAsync(IHost host)
    {
        foreach (var sql in DropAppendOnlyTriggersSql)
        {
            await SqlAsync(host, sql);
        }
    }

    private static async Task AppendManyAsync(IAuditLog log, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(new AuditEntry("automation:rotate", AuditActorKind.Automation, AuditActions.JitPolicyApplied,
                $"vm{i}", AuditOutcome.Succeeded, new { ports = new[] { 22 } }));
        }
    }

    private static async Task SeedSixAsync(IAuditLog log, FakeTimeProvider time)
    {
        (string Actor, AuditActorKind Kind, string Action, string? Target)[] seed =
        [
            ("alice@contoso.com", AuditActorKind.User, AuditActions.UserSignedIn, null),
            ("alice@contoso.com", AuditActorKind.User, AuditActions.JitPolicyApplied, "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/VM-Web01"),
            ("Bob@Contoso.com", AuditActorKind.User, AuditActions.AccessRequestFiled, "VM-Web01"),
            ("automation:expire-leases", AuditActorKind.Automation, AuditActions.AccessRequestExpired, "vm-db02"),
            ("bob@contoso.com", AuditActorKind.User, AuditActions.AccessRequestApproved, "vm-db02"),
            ("system", AuditActorKind.System, AuditActions.SettingChanged, "Automation:Enabled"),
        ];
        foreach (var s in seed)
        {
            await log.AppendAsync(new AuditEntry(s.Actor, s.Kind, s.Action, s.Target, AuditOutcome.Succeeded));
            time.Advance(TimeSpan.FromHours(1));
        }
    }

    private static long[] Ids(AuditEventPage page) => page.Events.Select(e => e.Id).ToArray();

    private static async Task AssertIdsAsync(IAuditLog log, AuditQuery query, params long[] expected)
    {
        var page = await log.QueryAsync(query);
        Assert.Equal(expected, Ids(page));
    }
}
