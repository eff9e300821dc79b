using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Work;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Automation;

/// <summary>
/// Holds the automation lease and, while it holds it, evaluates as soon as the estate coordinator reports changed
/// VMs (a targeted refresh after an Azure event: only those VMs; a full sweep: all), plus a slow safety check of the
/// whole snapshot every <see cref="AutomationOptions.CheckInterval"/>. It never reads ARM itself. Other instances
/// stand by and take over when the lease expires (the <see cref="BackgroundWorker"/> base holds and renews it).
/// </summary>
public sealed class AutomationLoop : BackgroundWorker
{
    public const string LeaseName = "automation";

    private readonly AutomationDispatcher _dispatcher;
    private readonly EstateRefreshCoordinator _coordinator;
    private readonly IOptions<AutomationOptions> _options;
    private readonly WorkSignal<AutomationLoop> _signal;
    private readonly Lock _changedGate = new();
    private HashSet<string> _changed = new(StringComparer.OrdinalIgnoreCase);
    private bool _changedAll = true;
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;
    private bool _wasHolding;

    public AutomationLoop(IDbContextFactory<JitDbContext> factory, AutomationDispatcher dispatcher, EstateRefreshCoordinator coordinator,
        IOptions<AutomationOptions> options, WorkerRegistry registry, WorkSignal<AutomationLoop> signal, TimeProvider time, ILogger<AutomationLoop> logger)
        : base(registry, time, logger, signal)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(options);
        (_dispatcher, _coordinator, _options, _signal) = (dispatcher, coordinator, options, signal);
        AutomationLease = new DatabaseLease(factory, time, LeaseName, DatabaseLease.NewHolderId());
        _coordinator.MachinesChanged += OnMachinesChanged;
    }

    /// <summary>The database lease that lets one instance run automation.</summary>
    public DatabaseLease AutomationLease { get; }

    /// <summary>True while this instance runs automation.</summary>
    public bool IsActive => AutomationLease.IsHeld;

    protected override bool Enabled => _options.Value.Enabled;

    protected override TimeSpan Interval => _options.Value.CheckInterval;

    protected override WorkerLease? Lease => new(AutomationLease, _options.Value.LeaseDuration, _options.Value.LeaseRenewInterval);

    protected override async Task<TimeSpan?> RunOnceAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var changed = TakeChanged(out var all);
        // The first pass: the whole snapshot. After a takeover, what the other instance did meanwhile is not known
        // here, so the estate is read again first (a snapshot from before its remediation would apply twice).
        if (!_wasHolding || JustTookOver) all = true;
        if (JustTookOver) await _coordinator.SweepAsync(ct);
        _wasHolding = true;
        if (all || now >= _nextCheck)
        {
            // The safety check (and the first pass after taking the lease): the whole snapshot, as the last sweep and
            // events left it.
            _nextCheck = now + Interval;
            await _dispatcher.EvaluateAsync(ct);
        }
        else if (changed.Count > 0)
        {
            await _dispatcher.EvaluateAsync(changed, ct);
        }
        return _nextCheck - Time.GetUtcNow();
    }

    private void OnMachinesChanged(IReadOnlySet<string>? changed)
    {
        lock (_changedGate)
        {
            if (changed is null) _changedAll = true;
            else _changed.UnionWith(changed);
        }
        _signal.Notify();
    }

    private HashSet<string> TakeChanged(out bool all)
    {
        lock (_changedGate)
        {
            all = _changedAll;
            _changedAll = false;
            var taken = _changed;
            _changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            return taken;
        }
    }

    public override void Dispose()
    {
        _coordinator.MachinesChanged -= OnMachinesChanged;
        base.Dispose();
    }
}
