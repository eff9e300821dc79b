using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Policies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.ComponentTests.Features.Policies;

/// <summary><see cref="JitOperationService.ListRecentAsync"/> over a real (in-memory SQLite) database: the Operations page's source.</summary>
public sealed class ListRecentOperationsTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
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
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    // Listing needs the database only: the planning dependencies stay unset.
    private JitOperationService Service() => new(new Factory(_options), null!, null!, null!, Options.Create(new PoliciesOptions()), new JitOperationSignal(), TimeProvider.System, null!);

    private async Task AddAsync(DateTimeOffset at, params JitOperationItemStatus[] items)
    {
        await using var db = new SqliteJitDbContext(_options);
        db.JitOperations().Add(new JitOperation
        {
            Id = Guid.NewGuid(),
            Kind = JitOperationKind.Apply,
            RequestedBy = "alice@contoso.test",
            CreatedAt = at,
            UpdatedAt = at,
            Status = JitOperationStatus.PartiallySucceeded,
            Items = [.. items.Select((s, i) => new JitOperationItem { MachineId = $"vm-{i}", MachineName = $"vm-{i}", Position = i, Status = s, UpdatedAt = at })],
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ListRecent_ReturnsTheNewestFirstWithTheirCounts()
    {
        var t0 = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        await AddAsync(t0, JitOperationItemStatus.Succeeded);
        await AddAsync(t0.AddHours(2), JitOperationItemStatus.Succeeded, JitOperationItemStatus.Failed, JitOperationItemStatus.Skipped);
        await AddAsync(t0.AddHours(1), JitOperationItemStatus.Failed);

        var recent = await Service().ListRecentAsync(2);

        Assert.Equal([t0.AddHours(2), t0.AddHours(1)], recent.Select(o => o.CreatedAt));
        Assert.Equal((3, 1, 1, 1), (recent[0].Total, recent[0].Succeeded, recent[0].Failed, recent[0].Skipped));
        Assert.Empty(await Service().ListRecentAsync(0));
    }
}
