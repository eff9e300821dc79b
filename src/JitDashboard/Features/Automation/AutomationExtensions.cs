namespace JitDashboard.Features.Automation;

public static class AutomationExtensions
{
    /// <summary>Automation rules, triggers, drift and runs (<c>Automation:*</c> settings).</summary>
    public static IHostApplicationBuilder AddAutomation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }

    /// <summary>Maps <c>/api/v1/automation/*</c>.</summary>
    public static RouteGroupBuilder MapAutomationApi(this RouteGroupBuilder v1) => v1;
}
