using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Work;
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
            .Validate(o => o.EventDebounce >= TimeSpan.Zero && o.EventMaxDelay >= o.EventDebounce, "Estate:EventDebounce must be 0 or more and at most Estate:EventMaxDelay.")
            .Validate(o => o.TargetedConcurrency is >= 1 and <= 64, "Estate:TargetedConcurrency must be from 1 to 64.")
            .Validate(o => o.MaxPendingResources is >= 1 and <= 1_000_000, "Estate:MaxPendingResources must be from 1 to 1000000.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IInventorySource, ArmInventorySource>();
        builder.Services.AddSingleton<EstateService>();
        builder.Services.AddSingleton<IEstateService>(sp => sp.GetRequiredService<EstateService>());
        builder.Services.AddSingleton<Live.IEstateUpdater>(sp => sp.GetRequiredService<EstateService>());
        builder.Services.AddSingleton<Live.IResourceReader, Live.ArmResourceReader>();
        builder.Services.AddWorkers();
        builder.Services.AddSingleton<EstateRefreshCoordinator>();
        builder.Services.AddHostedService<EstateSweepWorker>();
        builder.Services.AddHostedService<EstateEventWorker>();
        Events.AzureEventsExtensions.AddAzureEvents(builder);
        // The one way a person asks for a refresh (Machines page, API), audited.
        builder.Services.AddSingleton<EstateRefresh>();
        return builder;
    }
}
