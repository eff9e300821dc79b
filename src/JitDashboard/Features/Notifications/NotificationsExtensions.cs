using JitDashboard.Platform.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Notifications;

public static class NotificationsExtensions
{
    /// <summary>
    /// Outgoing webhooks (<c>Notifications:*</c> settings): the outbox notifier, the background sender, the
    /// deliveries service for the Admin page and API. Invalid settings stop start-up with every problem listed.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddNotifications(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>The same on a bare service collection; the database must be registered too.</summary>
    public static IServiceCollection AddNotifications(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationsOptions>().Bind(configuration.GetSection(NotificationsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationsOptions>, NotificationsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebhookSignal>();
        services.TryAddSingleton<WebhookNotifier>();
        services.TryAddSingleton<INotifier>(sp => sp.GetRequiredService<WebhookNotifier>());
        services.TryAddSingleton<INotificationDeliveries, NotificationDeliveries>();
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            // A receiver's redirect is not followed: it could lead the signed body to another host or to plain http.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // Retries and the per-attempt timeout: Polly through Microsoft.Extensions.Http.Resilience (WebhookResilience).
            .AddResilienceHandler(WebhookResilience.PipelineName, (pipeline, context) =>
            {
                context.EnableReloads<NotificationsOptions>();
                WebhookResilience.Configure(pipeline, context.GetOptions<NotificationsOptions>(), context.ServiceProvider.GetRequiredService<TimeProvider>());
            });
        services.AddHostedService<WebhookSender>();
        return services;
    }

    /// <summary>The notifications API (Admin). Map on the <c>/api/v1</c> group.</summary>
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api) => NotificationsApi.Map(api);
}
