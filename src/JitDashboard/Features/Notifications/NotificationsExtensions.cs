using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JitDashboard.Features.Notifications;

public static class NotificationsExtensions
{
    /// <summary>Outgoing webhooks (<c>Notifications:*</c> settings).</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<INotifier, LoggingNotifier>();
        return builder;
    }
}

/// <summary>Writes events to the log only; stands in until webhooks are configured.</summary>
internal sealed partial class LoggingNotifier(ILogger<LoggingNotifier> logger) : INotifier
{
    public ValueTask PublishAsync(NotificationEvent notification, CancellationToken cancellationToken = default)
    {
        Log(logger, notification.Kind, notification.Title);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Kind}: {Title}")]
    private static partial void Log(ILogger logger, NotificationKind kind, string title);
}
