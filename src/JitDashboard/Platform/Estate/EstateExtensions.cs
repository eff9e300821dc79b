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
        builder.Services.AddValidatedOptions<EstateOptions, EstateOptionsValidator>(builder.Configuration, EstateOptions.SectionName);
        builder.Services.AddSingleton<IInventorySource, ArmInventorySource>();
        builder.Services.AddSingleton<EstateService>();
        builder.Services.AddSingleton<IEstateService>(sp => sp.GetRequiredService<EstateService>());
        builder.Services.AddSingleton<Live.IEstateUpdater>(sp => sp.GetRequiredService<EstateService>());
        builder.Services.AddSingleton<Live.IResourceReader, Live.ArmResourceReader>();
        builder.Services.AddWorkers();
        builder.Services.AddSingleton<EstateRefreshCoordinator>();
        builder.Services.AddHostedService<EstateSweepWorker>();
        builder.Services.AddHostedService<EstateEventWorker>();
        // More than one instance (PostgreSQL): one leader reads ARM and stores the estate; the others show it.
        builder.Services.AddChangeBus();
        builder.Services.AddSingleton<Sharing.EstateLeadership>();
        builder.Services.AddSingleton<Sharing.SharedEstateVersion>();
        builder.Services.AddSingleton<Sharing.EstateForwarder>();
        builder.Services.AddSingleton<Sharing.SharedEstateWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Sharing.SharedEstateWorker>());
        builder.Services.AddHostedService<Sharing.EstateRequestHandler>();
        builder.Services.AddSingleton<Sharing.EstateInboxStore>();
        builder.Services.AddSingleton<Sharing.EstateInboxWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Sharing.EstateInboxWorker>());
        Events.AzureEventsExtensions.AddAzureEvents(builder);
        // The one way a person asks for a refresh (Machines page, API), audited.
        builder.Services.AddSingleton<EstateRefresh>();
        return builder;
    }
}
