namespace JitDashboard.Platform.Arm;

/// <summary>One JIT policy: one per resource group and region, named <c>default</c> unless the VM already sits in another.</summary>
public sealed record JitPolicyId(string SubscriptionId, string ResourceGroup, string Location, string Name = JitPolicyId.DefaultName)
{
    public const string DefaultName = "default";

    /// <summary>Policy name plus VM name must not exceed this (Defender docs).</summary>
    public const int MaxPolicyAndVmNameLength = 56;

    public string Id => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Security/locations/{Location}/jitNetworkAccessPolicies/{Name}";

    /// <summary>Parses a policy resource id; null when it is not one.</summary>
    public static JitPolicyId? Parse(string? id)
    {
        if (string.IsNullOrEmpty(id)) return null;
        var parts = id.Trim('/').Split('/');
        // subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Security/locations/{l}/jitNetworkAccessPolicies/{n}
        if (parts.Length != 10
            || !parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            || !parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            || !parts[8].Equals("jitNetworkAccessPolicies", StringComparison.OrdinalIgnoreCase))
            return null;
        return new JitPolicyId(parts[1], parts[3], parts[7], parts[9]);
    }

    // ARM names are case-insensitive: ids compare on the lower-cased id.
    public bool Equals(JitPolicyId? other) => other is not null && string.Equals(Id, other.Id, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Id);
}
