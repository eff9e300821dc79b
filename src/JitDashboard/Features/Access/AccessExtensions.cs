using JitDashboard.Platform.Identity;
using JitDashboard.Platform.Arm;
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
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.SectionName))
            .Validate(o => o.PendingExpiry >= TimeSpan.FromMinutes(1), "Access:PendingExpiry must be at least 00:01:00.")
            .Validate(o => o.ExpiryWarning >= TimeSpan.Zero, "Access:ExpiryWarning must not be negative.")
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(100), "Access:PollInterval must be at least 00:00:00.1.")
            .Validate(o => o.MaxInitiateAttempts is >= 1 and <= 10, "Access:MaxInitiateAttempts must be from 1 to 10.")
            .Validate(o => o.ClaimTimeout >= TimeSpan.FromSeconds(10), "Access:ClaimTimeout must be at least 00:00:10.")
            .Validate(o => o.DurationPresets.All(p => AccessRequestValidator.TryParseDuration(p, out _)), "Access:DurationPresets must be ISO 8601 durations such as PT1H.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersSettings>().Bind(configuration.GetSection(ForwardedHeadersSettings.SectionName))
            .Validate(s => !s.Errors().Any(), "Hosting:ForwardedHeaders has invalid entries (KnownProxies: IP addresses; KnownNetworks: CIDR ranges; ForwardLimit 1-10).")
            .ValidateOnStart();
        services.AddTransient<IStartupFilter, ForwardedHeadersStartupFilter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AccessGrants(sp.GetRequiredService<SecurityClient>(), sp.GetRequiredService<NetworkClient>()));
        services.TryAddSingleton<AccessSignal>();
        services.TryAddSingleton<AccessService>();
        services.TryAddSingleton<IAccessService>(sp => sp.GetRequiredService<AccessService>());
        services.TryAddSingleton<IAutoApprovalRuleService, AutoApprovalRuleService>();
        // Replaces the seam's placeholder whichever was registered first.
        services.RemoveAll<IAccessSummary>();
        services.AddSingleton<IAccessSummary>(sp => sp.GetRequiredService<AccessService>());
        // Scoped: one per circuit (set by Routes from the first request), and per API request.
        services.TryAddScoped<ClientAddress>();
        services.AddHostedService<AccessRunner>();
        return services;
    }

    /// <summary>Maps <c>/api/v1/access-requests</c> and <c>/api/v1/access-auto-approval-rules</c>.</summary>
    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder v1) => v1.MapAccessEndpoints();
}
