namespace JitDashboard.Features.Automation;

public sealed record AutomationScopeInput(List<string>? SubscriptionIds, List<string>? ResourceGroups, Dictionary<string, string>? Tags);
