namespace JitDashboard.Features.Automation;

public sealed record AutomationTriggersInput(bool? Exposure, bool? Assessment, bool? Webhook);
