using JitDashboard.Features.Audit;
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
        services.AddOptions<PoliciesOptions>().Bind(configuration.GetSection(PoliciesOptions.SectionName))
            .Validate(o => o.MaxConcurrency is >= 1 and <= 64, "Policies:MaxConcurrency must be from 1 to 64.")
            .Validate(o => o.MaxAttempts is >= 1 and <= 10, "Policies:MaxAttempts must be from 1 to 10.")
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(100), "Policies:PollInterval must be at least 00:00:00.1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPolicyTemplateService, PolicyTemplateService>();
        services.TryAddSingleton<JitOperationSignal>();
        services.TryAddSingleton(sp => new PolicyWriter(
            sp.GetRequiredService<SecurityClient>(),
            new PolicyWriterOptions { MaxAttempts = sp.GetRequiredService<IOptions<PoliciesOptions>>().Value.MaxAttempts }));
        services.TryAddSingleton<RuleCloser>();
        services.TryAddSingleton<JitOperationService>();
        services.TryAddSingleton<IJitOperationService>(sp => sp.GetRequiredService<JitOperationService>());
        services.AddHostedService<JitOperationRunner>();
        return services;
    }
}
