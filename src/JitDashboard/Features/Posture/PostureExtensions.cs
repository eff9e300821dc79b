using JitDashboard.Platform.Work;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Posture;

public static class PostureExtensions
{
    /// <summary>The Overview's figures and their trend (<c>Posture:*</c> settings).</summary>
    public static IHostApplicationBuilder AddPosture(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PostureOptions>()
            .Bind(builder.Configuration.GetSection(PostureOptions.SectionName))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostureOptions>, PostureOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IPostureHistory, PostureHistory>();
        builder.Services.AddWorkers();
        builder.Services.AddHostedService<PostureRecorder>();
        return builder;
    }

    /// <summary>Maps <c>/api/v1/posture</c>, <c>/posture/history</c> and <c>/posture/what-if</c>.</summary>
    public static RouteGroupBuilder MapPostureApi(this RouteGroupBuilder v1) => v1.MapPostureEndpoints();
}
