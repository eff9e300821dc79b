using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate.Events;

public static class AzureEventsExtensions
{
    /// <summary><c>Events:*</c> options and the memory of applied event ids.</summary>
    public static WebApplicationBuilder AddAzureEvents(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AzureEventsOptions>().Bind(builder.Configuration.GetSection(AzureEventsOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Role), "Events:Role must name an app role.")
            .Validate(o => o.Secret.Length == 0 || o.Secret.Length >= 16, "Events:Secret must be empty (off) or at least 16 characters.")
            .Validate(o => o.MaxBodyBytes is >= 1024 and <= 64 * 1024 * 1024, "Events:MaxBodyBytes must be from 1024 to 67108864.")
            .Validate(o => o.MaxEvents is >= 1 and <= 100_000, "Events:MaxEvents must be from 1 to 100000.")
            .Validate(o => o.RememberedEventIds is >= 1 and <= 10_000_000, "Events:RememberedEventIds must be from 1 to 10000000.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new SeenEvents(sp.GetRequiredService<IOptions<AzureEventsOptions>>().Value.RememberedEventIds));
        return builder;
    }
}
