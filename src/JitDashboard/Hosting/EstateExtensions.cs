using JitDashboard.Features.Estate;

namespace JitDashboard.Hosting;

public static class EstateExtensions
{
    /// <summary>The estate snapshot (singleton, shared by all users) and its first load at start-up.</summary>
    public static WebApplicationBuilder AddEstate(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IEstateService, EstateService>();
        builder.Services.AddHostedService<EstateStartupLoader>();
        return builder;
    }
}
