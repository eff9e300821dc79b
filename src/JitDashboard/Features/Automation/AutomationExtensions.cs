using JitDashboard.Features.Policies;
using JitDashboard.Platform.Work;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JitDashboard.Features.Automation;

public static class AutomationExtensions
{
    /// <summary>Automation rules, triggers, drift and runs (<c>Automation:*</c> settings).</summary>
    public static IHostApplicationBuilder AddAutomation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AutomationOptions>().Bind(builder.Configuration.GetSection(AutomationOptions.SectionName))
            .Validate(o => o.CheckInterval >= TimeSpan.FromMilliseconds(100), "Automation:CheckInterval must be at least 00:00:00.1.")
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(1), "Automation:LeaseDuration must be at least 00:00:01.")
            .Validate(o => o.LeaseRenewInterval > TimeSpan.Zero && o.LeaseRenewInterval < o.LeaseDuration, "Automation:LeaseRenewInterval must be positive and shorter than Automation:LeaseDuration.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.WebhookSecretHeader), "Automation:WebhookSecretHeader must name a header.")
            .ValidateOnStart();
        services.AddWorkers();
        services.TryAddSingleton<AutomationRuleService>();
        services.TryAddSingleton<AutomationRunQueries>();
        services.TryAddSingleton<AutomationEngine>();
        services.TryAddSingleton<AutomationDispatcher>();
        services.TryAddSingleton<AutomationLoop>();
        services.TryAddSingleton<IAutomationService, AutomationService>();
        // Stopped after the loop (reverse order): cancels and awaits the runs it carries out.
        services.AddHostedService(sp => sp.GetRequiredService<AutomationEngine>());
        services.AddHostedService(sp => sp.GetRequiredService<AutomationLoop>());
        return builder;
    }

    /// <summary>Maps <c>/api/v1/automation/*</c>.</summary>
    public static RouteGroupBuilder MapAutomationApi(this RouteGroupBuilder v1) => AutomationApi.Map(v1);
}
