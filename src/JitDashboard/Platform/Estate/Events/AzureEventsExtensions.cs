using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate.Events;

public static class AzureEventsExtensions
{
    /// <summary><c>Events:*</c> options and the memory of applied event ids.</summary>
    public static WebApplicationBuilder AddAzureEvents(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddValidatedOptions<AzureEventsOptions, AzureEventsOptionsValidator>(builder.Configuration, AzureEventsOptions.SectionName);
        builder.Services.AddSingleton(sp => new SeenEvents(sp.GetRequiredService<IOptions<AzureEventsOptions>>().Value.RememberedEventIds));
        return builder;
    }
}
