using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Automation;

/// <summary>Reads of the run history.</summary>
public sealed class AutomationRunQueries(IDbContextFactory<JitDbContext> factory)
{
    public const int MaxTake = 500;

    public async Task<IReadOnlyList<AutomationRun>> ListAsync(AutomationRunFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.AutomationRuns().AsNoTracking().Include(r => r.Actions).AsQueryable();
        if (filter.RuleId is { } ruleId) query = query.Where(r => r.RuleId == ruleId);
        if (filter.Trigger is { } trigger) query = query.Where(r => r.Trigger == trigger);
        if (filter.Status is { } status) query = query.Where(r => r.Status == status);
        if (filter.From is { } from)
        {
            var ms = from.ToUnixTimeMilliseconds();
            query = query.Where(r => r.StartedAtMs >= ms);
        }
        if (filter.To is { } to)
        {
            var ms = to.ToUnixTimeMilliseconds();
            query = query.Where(r => r.StartedAtMs <= ms);
        }
        var take = Math.Clamp(filter.Take, 1, MaxTake);
        var runs = await query.OrderByDescending(r => r.StartedAtMs).Take(take).ToListAsync(ct);
        foreach (var run in runs) run.Actions = [.. run.Actions.OrderBy(a => a.Id)];
        return runs;
    }

    public async Task<AutomationRun?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var run = await db.AutomationRuns().AsNoTracking().Include(r => r.Actions).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is not null) run.Actions = [.. run.Actions.OrderBy(a => a.Id)];
        return run;
    }

    public async Task<IReadOnlyList<PendingProposal>> PendingAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await (from a in db.AutomationActions().AsNoTracking()
                          join r in db.AutomationRuns().AsNoTracking() on a.RunId equals r.Id
                          where a.Status == AutomationActionStatus.PendingApproval
                          orderby a.Id
                          select new { a, r.Id, r.RuleId, r.RuleName, r.StartedAtMs }).ToListAsync(ct);
        return rows.Select(x => new PendingProposal(x.a, x.Id, x.RuleId, x.RuleName, DateTimeOffset.FromUnixTimeMilliseconds(x.StartedAtMs))).ToList();
    }
}
