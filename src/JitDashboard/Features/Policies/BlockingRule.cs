using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Features.Policies;

/// <summary>A custom allow rule that keeps JIT ports open, as found in the estate (before reading the rule itself).</summary>
public sealed record BlockingRule(string NsgId, string NsgName, NsgLevel Level, string RuleName, IReadOnlyList<string> MachineIds, IReadOnlyList<int> JitPorts);
