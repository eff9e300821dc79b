using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Identity;

/// <summary>Puts the forwarded-headers middleware first in the pipeline, when proxies are configured.</summary>
internal sealed class ForwardedHeadersStartupFilter(IOptions<ForwardedHeadersSettings> settings) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (settings.Value.Enabled) app.UseForwardedHeaders(settings.Value.ToOptions());
        next(app);
    };
}
