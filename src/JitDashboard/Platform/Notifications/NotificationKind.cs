namespace JitDashboard.Platform.Notifications;

/// <summary>What happened; each kind can be routed to the outgoing webhooks.</summary>
public enum NotificationKind
{
    AccessRequested,
    AccessDecided,
    AccessActive,
    AccessExpiring,
    AccessExpired,
    DriftDetected,
    AutomationRun,

    /// <summary>"Send test" on the notifications page; goes to the named webhook whatever its event filter.</summary>
    Test,
}
