namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>
/// Subscription states as <c>GET /subscriptions</c> reports them (Enabled, Warned, PastDue, Disabled, Expired, Deleted).
/// Per Azure's subscription-states doc, Disabled, Expired and Deleted subscriptions are read-only: GET and DELETE work,
/// PUT/PATCH/POST answer 409 ReadOnlyDisabledSubscription. Warned and PastDue still take writes.
/// </summary>
public static class SubscriptionStates
{
    public static bool IsReadOnly(string? state) =>
        state is not null && (state.Equals("Disabled", StringComparison.OrdinalIgnoreCase)
            || state.Equals("Expired", StringComparison.OrdinalIgnoreCase)
            || state.Equals("Deleted", StringComparison.OrdinalIgnoreCase));
}
