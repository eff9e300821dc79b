using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Posture;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static JitDashboard.UnitTests.Features.Machines.MachinesTestData;

namespace JitDashboard.UnitTests.Features.Posture;

/// <summary>The trend store over an in-memory SQLite database and a fake clock.</summary>
public sealed class PostureHistoryTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
    private DbContextOptions<SqliteJitDbContext> _options = null!;

    private sealed class Factory(DbContextOptions<SqliteJitDbContext> options) : IDbContextFactory<JitDbContext>
    {
        public JitDbContext CreateDbContext() => new SqliteJitDbContext(options);
    }

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _options = new DbContextOptionsBuilder<SqliteJitDbContext>().UseSqlite(_connection).Options;
        await using var db = new SqliteJitDbContext(_options);
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private PostureHistory History(TimeSpan? interval = null, TimeSpan? retention = null) => new(new Factory(_options),
        Options.Create(new PostureOptions { SnapshotInterval = interval ?? TimeSpan.FromHours(1), Retention = retention ?? TimeSpan.FromDays(90) }), _time);

    private EstateSnapshot Snapshot(int exposed, int healthy = 1)
    {
        var machines = Enumerable.Range(0, exposed)
            .Select(i => Machine($"open-{i}", ports: [Port(22, PortExposure.Open)], jitRec: RecommendationState.Unhealthy, portsRec: RecommendationState.Unhealthy))
            .Concat(Enumerable.Range(0, healthy).Select(i => Machine($"ok-{i}", jit: JitStatus.Configured, jitRec: RecommendationState.Healthy, portsRec: RecommendationState.Healthy)))
            .ToList();
        return new EstateSnapshot(machines, [new SubscriptionInfo(Prod, "Prod", "Enabled")], _time.GetUtcNow(), null, false)
        {
            Controls = new Dictionary<string, ManagementPortsControl> { [Prod] = new(PostureCalculator.Points(8, healthy, exposed), 8, healthy, exposed, 0) },
        };
    }

    [Fact]
    public async Task Record_KeepsAtMostOnePointPerInterval()
    {
        var history = History(TimeSpan.FromHours(1));

        Assert.True(await history.RecordAsync(Snapshot(3)));
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(await history.RecordAsync(Snapshot(2)));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await history.RecordAsync(Snapshot(1)));

        var points = await history.ListAsync(7);
        Assert.Equal([3, 1], points.Select(p => p.Exposed));
        Assert.Equal([_time.GetUtcNow().AddHours(-1), _time.GetUtcNow()], points.Select(p => p.TakenAt));
        Assert.Equal(PostureCalculator.Points(8, 1, 1), points[^1].ControlCurrent);
    }

    [Fact]
    public async Task Record_ZeroInterval_RecordsEveryRefresh()
    {
        var history = History(TimeSpan.Zero);

        Assert.True(await history.RecordAsync(Snapshot(3)));
        Assert.True(await history.RecordAsync(Snapshot(2)));

        Assert.Equal(2, (await history.ListAsync(1)).Count);
    }

    [Fact]
    public async Task Record_SkipsLoadingFailedAndEmptySnapshots()
    {
        var history = History(TimeSpan.Zero);

        Assert.False(await history.RecordAsync(EstateSnapshot.Initial));
        Assert.False(await history.RecordAsync(Snapshot(1) with { IsLoading = true }));
        Assert.False(await history.RecordAsync(Snapshot(1) with { Error = "Prod: 503" }));

        Assert.Empty(await history.ListAsync(365));
    }

    [Fact]
    public async Task Record_PrunesPointsOlderThanRetention()
    {
        var history = History(TimeSpan.FromHours(1), TimeSpan.FromDays(10));
        await history.RecordAsync(Snapshot(5));
        _time.Advance(TimeSpan.FromDays(6));
        await history.RecordAsync(Snapshot(4));
        _time.Advance(TimeSpan.FromDays(5));

        await history.RecordAsync(Snapshot(3));

        await using var db = new SqliteJitDbContext(_options);
        Assert.Equal([4, 3], await db.PostureSnapshots().OrderBy(p => p.TakenAt).Select(p => p.Exposed).ToListAsync());
    }

    [Fact]
    public async Task List_ReturnsOnlyTheRequestedDays_OldestFirst()
    {
        var history = History(TimeSpan.FromHours(1));
        foreach (var exposed in new[] { 9, 8, 7, 6 })
        {
            await history.RecordAsync(Snapshot(exposed));
            _time.Advance(TimeSpan.FromDays(3));
        }

        // Now = start + 12 days: points at -12, -9, -6, -3 days.
        Assert.Equal([7, 6], (await history.ListAsync(7)).Select(p => p.Exposed));
        Assert.Equal([9, 8, 7, 6], (await history.ListAsync(30)).Select(p => p.Exposed));
    }

    [Theory]
    [InlineData("-00:01:00", "00:01:00")]
    [InlineData("01:00:00", "12:00:00")]
    public void Options_RejectNegativeIntervalOrShortRetention(string interval, string retention)
    {
        var result = new PostureOptionsValidator().Validate(null, new PostureOptions { SnapshotInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), Retention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
    }
}
