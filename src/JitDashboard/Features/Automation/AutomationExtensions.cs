using JitDashboard.Features.Policies;
using JitDashboard.Platform;
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
        services.AddValidatedOptions<AutomationOptions, AutomationOptionsValidator>(builder.Configuration, AutomationOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
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
