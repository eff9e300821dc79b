using JitDashboard.Platform;
using JitDashboard.Platform.Identity;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Work;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JitDashboard.Features.Access;

public static class AccessExtensions
{
    /// <summary>Timed access requests, approvals and grants (<c>Access:*</c> settings), and trusted forwarded headers (<c>Hosting:ForwardedHeaders:*</c>).</summary>
    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddAccess(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>The same on a bare service collection (test hosts); the database, estate and ARM clients must be registered.</summary>
    public static IServiceCollection AddAccess(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AccessOptions, AccessOptionsValidator>(configuration, AccessOptions.SectionName);
        services.AddValidatedOptions<ForwardedHeadersSettings, ForwardedHeadersSettingsValidator>(configuration, ForwardedHeadersSettings.SectionName);
        services.AddTransient<IStartupFilter, ForwardedHeadersStartupFilter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AccessGrants(sp.GetRequiredService<SecurityClient>(), sp.GetRequiredService<NetworkClient>()));
        services.AddWorkers();
        services.TryAddSingleton<AccessEvents>();
        services.TryAddSingleton<AccessProcessor>();
        services.TryAddSingleton<AccessService>();
        services.TryAddSingleton<IAccessService>(sp => sp.GetRequiredService<AccessService>());
        services.TryAddSingleton<IAutoApprovalRuleService, AutoApprovalRuleService>();
        // Replaces the seam's placeholder whichever was registered first.
        services.RemoveAll<IAccessSummary>();
        services.AddSingleton<IAccessSummary>(sp => sp.GetRequiredService<AccessService>());
        // Scoped: one per circuit (set by Routes from the first request), and per API request.
        services.TryAddScoped<ClientAddress>();
        services.AddHostedService<AccessRunner>();
        services.AddChangeBus();
        services.AddHostedService<AccessChangeRelay>();
        return services;
    }

    /// <summary>Maps <c>/api/v1/access-requests</c> and <c>/api/v1/access-auto-approval-rules</c>.</summary>
    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder v1) => v1.MapAccessEndpoints();
}
