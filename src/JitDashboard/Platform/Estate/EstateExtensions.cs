using JitDashboard.Platform.Estate.Inventory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JitDashboard.Platform.Estate;

public static class EstateExtensions
{
    /// <summary>The estate snapshot (singleton, shared by all users) and its first load at start-up.</summary>
    public static WebApplicationBuilder AddEstate(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<EstateOptions>().Bind(builder.Configuration.GetSection(EstateOptions.SectionName))
            .Validate(o => o.ManagementPorts.All(p => p is >= 1 and <= 65535), "Estate:ManagementPorts must hold ports from 1 to 65535.")
            .Validate(o => o.RefreshInterval >= TimeSpan.FromSeconds(30), "Estate:RefreshInterval must be at least 00:00:30.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IInventorySource, ArmInventorySource>();
        builder.Services.AddSingleton<IEstateService, EstateService>();
        builder.Services.AddHostedService<EstateRefreshLoop>();
        // The one way a person asks for a refresh (Machines page, API), audited.
        builder.Services.AddSingleton<EstateRefresh>();
        return builder;
    }
}
