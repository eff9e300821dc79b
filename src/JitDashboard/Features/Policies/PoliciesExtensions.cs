using JitDashboard.Platform.Work;
using JitDashboard.Features.Audit;
using JitDashboard.Platform;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Policies;

public static class PoliciesExtensions
{
    /// <summary>
    /// Templates, operations, the policy writer and the background runner (<c>Policies:*</c> settings).
    /// Needs the ARM clients, the estate, and the database (added here if <c>AddJitDashboardData</c> was not called).
    /// </summary>
    public static IHostApplicationBuilder AddJitPolicies(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(IAuditLog)))
            builder.AddJitDashboardData();
        AddJitPolicies(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>The same on a bare service collection (test hosts); the database must already be registered.</summary>
    public static IServiceCollection AddJitPolicies(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PoliciesOptions, PoliciesOptionsValidator>(configuration, PoliciesOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPolicyTemplateService, PolicyTemplateService>();
        services.AddWorkers();
        services.TryAddSingleton(sp => new ArmWriteBudget(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var policies = sp.GetRequiredService<IOptions<PoliciesOptions>>().Value;
            return new PolicyWriter(
                sp.GetRequiredService<SecurityClient>(),
                new PolicyWriterOptions { MaxAttempts = policies.MaxAttempts, MaxInFlightPerSubscription = policies.MaxConcurrencyPerSubscription },
                sp.GetRequiredService<ArmWriteBudget>());
        });
        services.TryAddSingleton<RuleCloser>();
        services.TryAddSingleton<JitOperationService>();
        services.TryAddSingleton<IJitOperationService>(sp => sp.GetRequiredService<JitOperationService>());
        services.AddHostedService<JitOperationRunner>();
        services.AddChangeBus();
        services.AddHostedService<JitOperationChangeRelay>();
        return services;
    }
}
