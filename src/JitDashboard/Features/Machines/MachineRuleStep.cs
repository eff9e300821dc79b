namespace JitDashboard.Features.Machines;

public sealed record MachineRuleStep(string Level, string Nsg, string Rule, int Priority, string Access, IReadOnlyList<string> Sources, bool IsDefault, bool Decisive);
