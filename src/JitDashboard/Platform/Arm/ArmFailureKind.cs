namespace JitDashboard.Platform.Arm;

/// <summary>What kind of ARM failure it is, which decides what the app does with it.</summary>
public enum ArmFailureKind
{
    /// <summary>5xx, timeouts, no answer, NRP's "not registered with NRP" on new subscriptions: try again later.</summary>
    Transient,

    /// <summary>429 beyond the retries: try again after Retry-After.</summary>
    Throttled,

    /// <summary>403 AuthorizationFailed: the app's identity lacks a role action.</summary>
    Forbidden,

    /// <summary>The resource provider namespace is not registered: it holds no resources.</summary>
    NotRegistered,

    /// <summary>404 of the resource itself.</summary>
    NotFound,

    /// <summary>404 SubscriptionNotFound: the subscription is gone.</summary>
    SubscriptionNotFound,

    /// <summary>409 ReadOnlyDisabledSubscription: writes refused until the subscription is re-enabled.</summary>
    SubscriptionDisabled,

    /// <summary>403 LinkedAuthorizationFailed: a write names resources in a scope the identity cannot act on.</summary>
    LinkedAuthorizationFailed,

    /// <summary>403 RequestDisallowedByPolicy: an Azure Policy assignment denies the write.</summary>
    PolicyDenied,

    /// <summary>413 RequestContentTooLarge: the body is over ARM's 4 MB.</summary>
    TooLarge,

    /// <summary>Other 409s.</summary>
    Conflict,

    /// <summary>400s and anything else the caller got wrong.</summary>
    Invalid,
}
