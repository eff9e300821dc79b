namespace JitDashboard.Features.Access;

/// <summary>Whether an auto-approval rule covers a request. Every condition set on the rule must hold.</summary>
public static class AutoApproval
{
    public static bool Matches(AutoApprovalRule rule, TimeSpan duration, string resourceGroup, IReadOnlyDictionary<string, string> vmTags, IReadOnlyList<string> requesterRoles)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!rule.Enabled || duration > rule.MaxDuration) return false;
        if (rule.RequesterRole is { Length: > 0 } role && !requesterRoles.Contains(role, StringComparer.Ordinal)) return false;
        if (rule.ResourceGroup is { Length: > 0 } rg && !string.Equals(rg, resourceGroup, StringComparison.OrdinalIgnoreCase)) return false;
        if (rule.Tag is { Length: > 0 } tag)
        {
            var eq = tag.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? tag : tag[..eq];
            var value = eq < 0 ? "*" : tag[(eq + 1)..];
            var found = vmTags.FirstOrDefault(t => string.Equals(t.Key, name, StringComparison.OrdinalIgnoreCase));
            if (found.Key is null) return false;
            if (value != "*" && !string.Equals(found.Value, value, StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    /// <summary>Per-field errors of a rule's input; empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(AutoApprovalRuleInput input, out TimeSpan maxDuration)
    {
        ArgumentNullException.ThrowIfNull(input);
        maxDuration = default;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input.Name)) errors["name"] = ["Give the rule a name."];
        else if (input.Name.Trim().Length > 100) errors["name"] = ["The name is at most 100 characters."];
        if (input.RequesterRole is { Length: > 0 } role && !Platform.Identity.UserRoles.All.Contains(role, StringComparer.Ordinal))
            errors["requesterRole"] = [$"Unknown role '{role}' (use one of {string.Join(", ", Platform.Identity.UserRoles.All)})."];
        if (input.Tag is { Length: > 0 } tag && (tag.Length > 512 || tag.StartsWith('=')))
            errors["tag"] = ["A tag is name or name=value (value * for any), at most 512 characters."];
        if (!AccessRequestValidator.TryParseDuration(input.MaxDuration, out maxDuration) || maxDuration < AccessLimits.MinDuration || maxDuration > TimeSpan.FromHours(24))
            errors["maxDuration"] = ["Give an ISO 8601 duration from PT5M to PT24H, e.g. PT1H."];
        if (string.IsNullOrWhiteSpace(input.RequesterRole) && string.IsNullOrWhiteSpace(input.ResourceGroup) && string.IsNullOrWhiteSpace(input.Tag))
            errors["requesterRole"] = ["Narrow the rule by role, resource group or tag; a rule matching everything would remove four-eyes altogether."];
        return errors;
    }
}
