using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Telemetry;
using JitDashboard.Platform.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Policies;

public sealed class JitOperationService(
    IDbContextFactory<JitDbContext> factory,
    IEstateService estate,
    IPolicyTemplateService templates,
    SecurityClient security,
    IOptions<PoliciesOptions> options,
    WorkSignal<JitOperationRunner> signal,
    TimeProvider time,
    RuleCloser rules) : IJitOperationService
{
    public event Action<JitOperationView>? OperationChanged;

    internal void Publish(JitOperationView view) => OperationChanged?.Invoke(view);

    public async Task<PolicyPlan> PreviewAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId = null, CancellationToken ct = default)
    {
        var (plan, _) = await PlanAsync(kind, machineIds, templateId, readCurrent: true, ct);
        return plan;
    }

    public async Task<PolicyPlan> PreviewAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, bool closeBlockingRules, CancellationToken ct = default)
    {
        var (plan, _) = await PlanAsync(kind, machineIds, templateId, readCurrent: true, ct);
        if (!closeBlockingRules || kind != JitOperationKind.Apply || !plan.IsValid) return plan;
        return plan with { RuleChanges = await rules.PlanAsync(plan, PolicyPlanner.Index(estate.Snapshot.Machines), ct) };
    }

    public Task<JitOperationStart> StartAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, string actor, CancellationToken ct = default) =>
        StartAsync(kind, machineIds, templateId, actor, closeBlockingRules: false, ct);

    public Task<RuleUndoResult> UndoRuleChangesAsync(Guid id, bool dryRun, string actor, CancellationToken ct = default) =>
        rules.UndoAsync(id, dryRun, actor, ct);

    public async Task<JitOperationStart> StartAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, string actor, bool closeBlockingRules, CancellationToken ct = default)
    {
        using var start = DashboardTelemetry.Source.StartActivity("jit.start");
        // The runner reads the policies itself just before writing; planning here needs only the snapshot.
        var (plan, template) = await PlanAsync(kind, machineIds, templateId, readCurrent: false, ct);
        if (!plan.IsValid) return new JitOperationStart(null, plan.Errors);
        // The rules are read now and stored whole with the operation, before any write.
        var ruleChanges = closeBlockingRules && kind == JitOperationKind.Apply
            ? await rules.PlanAsync(plan, PolicyPlanner.Index(estate.Snapshot.Machines), ct)
            : [];

        var now = time.GetUtcNow();
        var operation = new JitOperation
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            TemplateId = template?.Id,
            RequestedBy = actor,
            CreatedAt = now,
            UpdatedAt = now,
            Status = JitOperationStatus.Pending,
        };
        var positions = machineIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.OrdinalIgnoreCase);
        foreach (var change in plan.Policies)
        {
            foreach (var vm in change.Vms)
            {
                operation.Items.Add(new JitOperationItem
                {
                    MachineId = vm.MachineId,
                    MachineName = vm.Name,
                    PolicyId = change.Key.Id,
                    Ports = [.. vm.Ports],
                    Position = positions[vm.MachineId],
                    Status = JitOperationItemStatus.Pending,
                    UpdatedAt = now,
                });
            }
        }
        foreach (var skip in plan.Skipped)
        {
            operation.Items.Add(new JitOperationItem
            {
                MachineId = skip.MachineId,
                MachineName = skip.Name ?? "",
                Position = positions[skip.MachineId],
                Status = JitOperationItemStatus.Skipped,
                Error = skip.Reason,
                UpdatedAt = now,
            });
        }

        for (var i = 0; i < ruleChanges.Count; i++)
            operation.RuleChanges.Add(RuleCloser.ToEntity(ruleChanges[i], i, now));

        using (DashboardTelemetry.Source.StartActivity("jit.start.persist"))
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.JitOperations().Add(operation);
            await db.SaveChangesAsync(ct);
        }
        signal.Notify();
        return new JitOperationStart(operation.Id, new Dictionary<string, string[]>());
    }

    public async Task<JitOperationView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var operation = await db.JitOperations().AsNoTracking().Include(o => o.Items).Include(o => o.RuleChanges).FirstOrDefaultAsync(o => o.Id == id, ct);
        return operation is null ? null : ToView(operation);
    }

    public async Task<IReadOnlyList<JitOperationView>> ListRecentAsync(int take, CancellationToken ct = default)
    {
        if (take <= 0) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        // SQLite cannot order by DateTimeOffset: order the (small) id/time pairs here, then load the chosen ones whole.
        var stamps = await db.JitOperations().AsNoTracking().Select(o => new { o.Id, o.CreatedAt }).ToListAsync(ct);
        var ids = stamps.OrderByDescending(o => o.CreatedAt).Take(take).Select(o => o.Id).ToList();
        var operations = await db.JitOperations().AsNoTracking().Include(o => o.Items).Include(o => o.RuleChanges).Where(o => ids.Contains(o.Id)).ToListAsync(ct);
        return operations.OrderByDescending(o => o.CreatedAt).Select(ToView).ToList();
    }

    public async Task<Guid?> RetryFailedAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var operation = await db.JitOperations().AsNoTracking().Include(o => o.Items).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (operation is null || !ToView(operation).IsFinished) return null;
        var failed = operation.Items.Where(i => i.Status == JitOperationItemStatus.Failed).OrderBy(i => i.Position).ToList();
        if (failed.Count == 0) return null;

        var now = time.GetUtcNow();
        var retry = new JitOperation
        {
            Id = Guid.NewGuid(),
            Kind = operation.Kind,
            TemplateId = operation.TemplateId,
            RequestedBy = actor,
            CreatedAt = now,
            UpdatedAt = now,
            Status = JitOperationStatus.Pending,
            RetryOf = operation.Id,
            Items = [.. failed.Select((i, n) => new JitOperationItem
            {
                MachineId = i.MachineId,
                MachineName = i.MachineName,
                PolicyId = i.PolicyId,
                Ports = [.. i.Ports],
                Position = n,
                Status = JitOperationItemStatus.Pending,
                UpdatedAt = now,
            })],
        };
        db.JitOperations().Add(retry);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return retry.Id;
    }

    public async IAsyncEnumerable<JitOperationView> WatchAsync(Guid id, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var changes = System.Threading.Channels.Channel.CreateUnbounded<JitOperationView>();
        void OnChanged(JitOperationView view)
        {
            if (view.Id == id) changes.Writer.TryWrite(view);
        }
        OperationChanged += OnChanged;
        try
        {
            var view = await GetAsync(id, ct);
            if (view is null) yield break;
            yield return view;
            while (!view.IsFinished)
            {
                // Poll as well as listen: another instance may be running it.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(options.Value.PollInterval);
                try
                {
                    view = await changes.Reader.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    view = await GetAsync(id, ct) ?? view;
                }
                yield return view;
            }
        }
        finally
        {
            OperationChanged -= OnChanged;
        }
    }

    internal static JitOperationView ToView(JitOperation operation)
    {
        var items = operation.Items.OrderBy(i => i.Position).ToList();
        return new JitOperationView(
            operation.Id,
            operation.Kind,
            operation.Status,
            operation.RequestedBy,
            operation.CreatedAt,
            operation.UpdatedAt,
            items.Count,
            items.Count(i => i.Status == JitOperationItemStatus.Succeeded),
            items.Count(i => i.Status == JitOperationItemStatus.Failed),
            items.Count(i => i.Status == JitOperationItemStatus.Skipped),
            items.Select(i => new JitOperationResult(i.MachineId, i.MachineName, i.PolicyId, i.Status, i.Error, i.Attempts)).ToList())
        {
            RuleChanges = operation.RuleChanges.OrderBy(r => r.Position).Select(JitRuleChangeView.From).ToList(),
        };
    }

    private async Task<(PolicyPlan Plan, PolicyTemplate? Template)> PlanAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, bool readCurrent, CancellationToken ct)
    {
        machineIds ??= [];
        PolicyTemplate? template = null;
        if (kind == JitOperationKind.Apply)
        {
            template = templateId is { } tid ? await templates.GetAsync(tid, ct) : await templates.GetDefaultAsync(ct);
            if (template is null)
                return (PolicyPlan.Invalid(kind, templateId, new Dictionary<string, string[]> { ["templateId"] = [$"Unknown template '{templateId}'."] }), null);
        }

        if (!estate.Snapshot.HasLoaded) await estate.RefreshAsync(ct);
        var machines = PolicyPlanner.Index(estate.Snapshot.Machines);
        var errors = PolicyPlanner.ValidateSelection(machineIds, machines);
        if (errors.Count > 0) return (PolicyPlan.Invalid(kind, template?.Id, errors), template);

        Dictionary<JitPolicyId, JitNetworkAccessPolicy?>? current = null;
        if (readCurrent)
        {
            var keys = machineIds.Select(id => machines[id]).Select(PolicyPlanner.KeyFor).Distinct().ToList();
            current = new Dictionary<JitPolicyId, JitNetworkAccessPolicy?>();
            var gate = new object();
            await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxConcurrency), CancellationToken = ct }, async (key, token) =>
            {
                var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name, token);
                lock (gate) current[key] = policy;
            });
        }

        var plan = kind == JitOperationKind.Apply
            ? PolicyPlanner.PlanApply(machineIds, machines, template!, current)
            : PolicyPlanner.PlanRemove(machineIds, machines, current);
        return (plan, template);
    }
}
