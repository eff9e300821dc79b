using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Features.Posture;

/// <summary>
/// The Overview's figures from one estate snapshot. Pure. Defender's formula (DESIGN.md): the control is worth
/// max × healthy / (healthy + unhealthy), rounded to 2 decimals; a VM counts healthy only when healthy in all of the
/// control's recommendations; the subscription's score is the sum of its controls, so remediation changes it by
/// exactly the control's change. Across subscriptions points and maxima add up (the percentage is of the sums).
/// </summary>
public static class PostureCalculator
{
    public const int TopCount = 10;

    public static PostureFigures Calculate(EstateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var bySubscription = snapshot.Machines.GroupBy(m => m.SubscriptionId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var subscriptions = new List<SubscriptionPosture>();
        foreach (var subscription in snapshot.Subscriptions)
        {
            var machines = bySubscription.GetValueOrDefault(subscription.SubscriptionId) ?? [];
            var control = snapshot.Controls.TryGetValue(subscription.SubscriptionId, out var c) ? ToFigure(c) : null;
            // Without Defender's data (no control) the subscription is left out of the combined figures, score included.
            var score = control is not null && snapshot.SecureScores.TryGetValue(subscription.SubscriptionId, out var s) ? ToFigure(s) : null;
            // "All exposed" remediates every VM unhealthy in the control (see AllExposed).
            var gain = control is null ? 0 : Math.Round(After(control, machines.Count(m => m.Facts.UnhealthyInControl)).Current - control.Current, 2);
            subscriptions.Add(new SubscriptionPosture(subscription.SubscriptionId, subscription.DisplayName, score, control, Count(machines), gain));
        }

        var top = snapshot.Machines.Where(m => m.Facts.SecureScoreImpact > 0)
            .OrderByDescending(m => m.Facts.SecureScoreImpact).ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id, StringComparer.OrdinalIgnoreCase)
            .Take(TopCount)
            .Select(m => new ImpactMachine(m.Id, m.Name, m.SubscriptionId, m.SubscriptionName, m.ResourceGroup, m.Facts.SecureScoreImpact ?? 0, m.Facts.Exposed, m.Facts.JitStatus))
            .ToList();

        var combinedControl = SumControls(subscriptions.Select(s => s.ManagementPorts));
        // The gain of remediating everything, on the combined figures (not a sum of per-subscription gains), in the
        // same points as the what-if reports.
        var totalGain = WhatIf(snapshot, AllExposed(snapshot.Machines)).Gain;
        return new PostureFigures(
            SumScores(subscriptions.Select(s => s.SecureScore)),
            combinedControl,
            Count(snapshot.Machines),
            totalGain,
            subscriptions,
            top)
        {
            Excluded = Excluded(snapshot),
        };
    }

    /// <summary>Subscriptions whose Defender data (assessments or the control) could not be read: named beside the figures.</summary>
    public static IReadOnlyList<ExcludedSubscription> Excluded(EstateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var excluded = new List<ExcludedSubscription>();
        foreach (var subscription in snapshot.Subscriptions)
        {
            if (snapshot.Controls.ContainsKey(subscription.SubscriptionId)) continue;
            var status = snapshot.SubscriptionStatuses.GetValueOrDefault(subscription.SubscriptionId);
            var reason = status?.Sources.FirstOrDefault(s => s.Source == InventorySource.Assessments && (!s.HasData || s.State == SourceState.NotRegistered)) is { } source
                ? $"{SourceStatus.Label(source.Source)}: {source.Failure?.Describe()}"
                : status?.Health == Platform.Estate.SubscriptionHealth.Unavailable ? $"Unavailable: {(status.Problems.Count > 0 ? status.Problems[0].Message : "")}"
                : "Defender reports no data for this subscription.";
            excluded.Add(new ExcludedSubscription(subscription.SubscriptionId, subscription.DisplayName, reason));
        }
        return excluded;
    }

    /// <summary>The VMs "all exposed" means: open on a management port, or unhealthy in the control.</summary>
    public static IReadOnlyList<string> AllExposed(IEnumerable<EstateMachine> machines) =>
        machines.Where(m => m.Facts.Exposed || m.Facts.UnhealthyInControl).Select(m => m.Id).ToList();

    /// <summary>
    /// The control and score if the given VMs were remediated (JIT applied, ports closed), i.e. became healthy in the
    /// control. VMs already healthy or not applicable change nothing; unknown ids are ignored.
    /// </summary>
    public static WhatIfResult WhatIf(EstateSnapshot snapshot, IEnumerable<string> machineIds)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(machineIds);
        var ids = new HashSet<string>(machineIds, StringComparer.OrdinalIgnoreCase);
        var selected = snapshot.Machines.Where(m => ids.Contains(m.Id)).ToList();
        var unhealthySelected = selected.Where(m => m.Facts.UnhealthyInControl)
            .GroupBy(m => m.SubscriptionId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var beforeControls = new List<ControlFigure?>();
        var afterControls = new List<ControlFigure?>();
        var beforeScores = new List<ScoreFigure?>();
        var afterScores = new List<ScoreFigure?>();
        var remediated = 0;
        foreach (var subscription in snapshot.Subscriptions)
        {
            var control = snapshot.Controls.TryGetValue(subscription.SubscriptionId, out var c) ? ToFigure(c) : null;
            var score = control is not null && snapshot.SecureScores.TryGetValue(subscription.SubscriptionId, out var s) ? ToFigure(s) : null;
            var k = control is null ? 0 : Math.Min(control.Unhealthy, unhealthySelected.GetValueOrDefault(subscription.SubscriptionId));
            remediated += k;
            var after = control is null ? null : After(control, k);
            beforeControls.Add(control);
            afterControls.Add(after);
            beforeScores.Add(score);
            // The other controls do not move: the score changes by exactly the control's change.
            afterScores.Add(score is null ? null : ScoreFigure.Of(score.Current - (control?.Current ?? 0) + (after?.Current ?? 0), score.Max));
        }
        return new WhatIfResult(selected.Count, remediated, SumControls(beforeControls), SumControls(afterControls), SumScores(beforeScores), SumScores(afterScores));
    }

    /// <summary>The control after <paramref name="remediated"/> unhealthy VMs become healthy (Defender's formula).</summary>
    public static ControlFigure After(ControlFigure control, int remediated)
    {
        ArgumentNullException.ThrowIfNull(control);
        var k = Math.Clamp(remediated, 0, control.Unhealthy);
        if (k == 0)
            return control;
        var healthy = control.Healthy + k;
        var unhealthy = control.Unhealthy - k;
        return control with { Current = Points(control.Max, healthy, unhealthy), Healthy = healthy, Unhealthy = unhealthy };
    }

    /// <summary>max × healthy / (healthy + unhealthy), rounded to 2 decimals; 0 with no assessed resource.</summary>
    public static double Points(int max, int healthy, int unhealthy) =>
        healthy + unhealthy == 0 ? 0 : Math.Round((double)max * healthy / (healthy + unhealthy), 2);

    public static MachineCounts Count(IReadOnlyCollection<EstateMachine> machines)
    {
        ArgumentNullException.ThrowIfNull(machines);
        int exposed = 0, restricted = 0, configured = 0, notConfigured = 0, unsupported = 0;
        foreach (var m in machines)
        {
            if (m.Facts.Exposed) exposed++;
            else if (m.Facts.Restricted) restricted++;
            switch (m.Facts.JitStatus)
            {
                case JitStatus.Configured: configured++; break;
                case JitStatus.NotConfigured: notConfigured++; break;
                default: unsupported++; break;
            }
        }
        return new MachineCounts(machines.Count, exposed, restricted, configured, notConfigured, unsupported);
    }

    private static ControlFigure ToFigure(ManagementPortsControl c) => new(c.Current, c.Max, c.Healthy, c.Unhealthy, c.NotApplicable);

    private static ScoreFigure ToFigure(ScoreDetails s) => new(s.Current, s.Max, s.Percentage);

    /// <summary>
    /// Across subscriptions the maximum stays what one environment's is (Defender: a maximum is fixed for every
    /// environment); the share earned is that of all subscriptions together. Exact per-control combination needs every
    /// control's resource counts, which the dashboard reads only for its own control.
    /// </summary>
    private static ScoreFigure SumScores(IEnumerable<ScoreFigure?> scores)
    {
        var present = scores.OfType<ScoreFigure>().ToList();
        if (present.Count <= 1) return present.Count == 1 ? present[0] : ScoreFigure.Empty;
        var max = present.Max(s => s.Max);
        var share = present.Sum(s => s.Max) == 0 ? 0 : present.Sum(s => s.Current) / present.Sum(s => s.Max);
        return ScoreFigure.Of(share * max, max);
    }

    /// <summary>
    /// Defender's combination: not a sum or an average, but the control evaluated over every resource in scope:
    /// max stays the control's (8), current = max × healthy / (healthy + unhealthy) with the counts of all subscriptions.
    /// </summary>
    private static ControlFigure SumControls(IEnumerable<ControlFigure?> controls)
    {
        var present = controls.OfType<ControlFigure>().ToList();
        if (present.Count == 0) return ControlFigure.Empty;
        var max = present.Max(c => c.Max);
        int healthy = present.Sum(c => c.Healthy), unhealthy = present.Sum(c => c.Unhealthy);
        return new ControlFigure(Points(max, healthy, unhealthy), max, healthy, unhealthy, present.Sum(c => c.NotApplicable));
    }
}
