using System.Text.Json.Serialization;
using JitDashboard.Platform.Estate;

namespace JitDashboard.Features.Machines;

/// <param name="State">As ARM reports it: Enabled, Warned, PastDue, Disabled, Expired, Deleted; null when ARM did not list it.</param>
/// <param name="Health">Healthy, Degraded (some facts stale or Unknown, or JIT unavailable) or Unavailable (its VMs could not be listed).</param>
/// <param name="JitUnavailableReason">Why no JIT policy can be written here (read-only subscription, Defender not set up, no Plan 2); null when it can.</param>
public sealed record SubscriptionItem(
    string SubscriptionId, string DisplayName, string? State, SubscriptionHealth Health,
    IReadOnlyList<SubscriptionProblemItem> Problems, IReadOnlyList<SubscriptionSourceItem> Sources,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? JitUnavailableReason);
