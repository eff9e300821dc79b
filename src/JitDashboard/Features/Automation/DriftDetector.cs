using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Features.Automation;

/// <summary>Compares a VM with what it looked like when last seen Configured. Pure.</summary>
public static class DriftDetector
{
    public static DriftFinding? Detect(EstateMachine machine, JitBaseline? baseline)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (baseline is null) return null;
        var facts = machine.Facts;
        // What could not be read is not drift: a missing NSG list would look like deleted deny rules.
        if (facts.JitStatus == JitStatus.Unknown || facts.ExposureUnknown) return null;
        switch (facts.JitStatus)
        {
            case JitStatus.Unsupported:
                return null;
            case JitStatus.NotConfigured:
                return new DriftFinding(machine, DriftKind.RemovedFromPolicy, $"{machine.Name} had JIT and is no longer in a JIT policy.");
        }

        var current = new HashSet<string>(facts.JitDenyRules, StringComparer.OrdinalIgnoreCase);
        var missing = baseline.DenyRules.Where(r => !current.Contains(r)).ToList();
        if (missing.Count > 0)
            return new DriftFinding(machine, DriftKind.DenyRuleDeleted, $"JIT deny rule {string.Join(", ", missing)} of {machine.Name} was deleted.");

        var opened = OpenJitPorts(facts).Where(p => !baseline.OpenPorts.Contains(p)).ToList();
        if (opened.Count > 0)
        {
            var rules = facts.Ports.Where(d => opened.Contains(d.Port))
                .SelectMany(d => d.Paths.Where(p => p.Exposure == PortExposure.Open))
                .SelectMany(p => p.Steps.Where(s => s.Decisive && s.Access == RuleAccess.Allow && !s.IsDefault))
                .Select(s => $"'{s.RuleName}' (priority {s.Priority}, NSG {s.NsgName})").Distinct().ToList();
            return new DriftFinding(machine, DriftKind.AllowRuleAhead,
                $"Port {string.Join(", ", opened)} of {machine.Name} is open to the Internet ahead of the JIT deny rule" +
                (rules.Count > 0 ? $" by {string.Join(", ", rules)}" : "") + ": remove or restrict that rule.");
        }
        return null;
    }

    /// <summary>What to remember of a Configured VM.</summary>
    public static JitBaseline Capture(EstateMachine machine, long nowMs) => new()
    {
        MachineId = machine.Id.ToLowerInvariant(),
        MachineName = machine.Name,
        DenyRules = [.. machine.Facts.JitDenyRules],
        // Every management port open now, JIT's or not: one opened before JIT covered it is no drift later.
        OpenPorts = machine.Facts.Ports.Where(d => d.Exposure == PortExposure.Open).Select(d => d.Port).Distinct().Order().ToList(),
        UpdatedAtMs = nowMs,
    };

    public static bool SameAs(JitBaseline a, JitBaseline b) =>
        a.DenyRules.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(b.DenyRules.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase)
        && a.OpenPorts.Order().SequenceEqual(b.OpenPorts.Order());

    private static List<int> OpenJitPorts(MachineFacts facts)
    {
        var jitPorts = facts.JitPorts.Select(p => p.Number).ToHashSet();
        return facts.Ports.Where(d => d.Exposure == PortExposure.Open && jitPorts.Contains(d.Port)).Select(d => d.Port).Distinct().Order().ToList();
    }
}
