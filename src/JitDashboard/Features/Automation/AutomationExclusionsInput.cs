namespace JitDashboard.Features.Automation;

public sealed record AutomationExclusionsInput(Dictionary<string, string>? Tags, List<string>? MachineIds);
