namespace JitDashboard.Features.Posture;

public static class PostureExtensions
{
    /// <summary>The Overview's figures and their trend (<c>Posture:*</c> settings).</summary>
    public static IHostApplicationBuilder AddPosture(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }

    /// <summary>Maps <c>/api/v1/posture</c>.</summary>
    public static RouteGroupBuilder MapPostureApi(this RouteGroupBuilder v1) => v1;
}
