namespace JitDashboard.Platform.Audit;

/// <summary>The audit action names. Stable strings: they are stored and hashed, never rename one.</summary>
public static class AuditActions
{
    public const string UserSignedIn = "user.signed-in";
    public const string UserSignedOut = "user.signed-out";
    public const string UserSignInFailed = "user.sign-in-failed";

    public const string JitPolicyApplied = "jit.policy.applied";
    public const string JitPolicyRemoved = "jit.policy.removed";
    public const string NsgRuleClosed = "nsg.rule.closed";
    public const string NsgRuleRestored = "nsg.rule.restored";

    public const string AccessRequestFiled = "access.request.filed";
    public const string AccessRequestApproved = "access.request.approved";
    public const string AccessRequestRejected = "access.request.rejected";
    public const string AccessRequestInitiated = "access.request.initiated";
    public const string AccessRequestExpired = "access.request.expired";
    public const string AccessRequestAutoApproved = "access.request.auto-approved";
    public const string AccessRequestCancelled = "access.request.cancelled";
    public const string AccessRequestTimedOut = "access.request.timed-out";
    public const string AccessRequestFailed = "access.request.failed";
    public const string AccessRequestClosed = "access.request.closed";
    public const string AccessAutoApprovalRuleChanged = "access.auto-approval-rule.changed";

    public const string AutomationRun = "automation.run";
    public const string AutomationRuleCreated = "automation.rule.created";
    public const string AutomationRuleUpdated = "automation.rule.updated";
    public const string AutomationRuleDeleted = "automation.rule.deleted";
    public const string AutomationActionApproved = "automation.action.approved";
    public const string AutomationActionRejected = "automation.action.rejected";
    public const string AutomationDriftDetected = "automation.drift.detected";
    public const string AutomationWebhookReceived = "automation.webhook.received";

    public const string EstateRefreshed = "estate.refreshed";
    public const string MachineVerified = "machine.verified";

    public const string SettingChanged = "setting.changed";

    public const string NotificationTestSent = "notification.test-sent";
    public const string NotificationDeliveryFailed = "notification.delivery-failed";

    /// <summary>Every known action, e.g. for a filter drop-down.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        UserSignedIn, UserSignedOut, UserSignInFailed,
        JitPolicyApplied, JitPolicyRemoved, NsgRuleClosed, NsgRuleRestored,
        AccessRequestFiled, AccessRequestApproved, AccessRequestRejected, AccessRequestInitiated, AccessRequestExpired,
        AccessRequestAutoApproved, AccessRequestCancelled, AccessRequestTimedOut, AccessRequestFailed, AccessRequestClosed, AccessAutoApprovalRuleChanged,
        AutomationRun,
        AutomationRun, AutomationRuleCreated, AutomationRuleUpdated, AutomationRuleDeleted,
        AutomationActionApproved, AutomationActionRejected, AutomationDriftDetected, AutomationWebhookReceived,
        EstateRefreshed, MachineVerified,
        SettingChanged,
        NotificationTestSent, NotificationDeliveryFailed,
    ];
}
