using System.Text.Json;
using System.Text.RegularExpressions;

namespace JitDashboard.Platform.Audit;

/// <summary>Checks an <see cref="AuditEntry"/> and turns it into the strings that are stored and hashed.</summary>
internal static partial class AuditEntryValidation
{
    // Fixed options: the stored text is what is hashed, but a stable form keeps exports comparable.
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    internal sealed record Normalized(string Actor, AuditActorKind ActorKind, string Action, string Target, AuditOutcome Outcome, string Details);

    public static Normalized Validate(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);

        Text(entry.Actor, nameof(AuditEntry.Actor), AuditLimits.ActorMaxLength, required: true, nameof(entry));
        Text(entry.Action, nameof(AuditEntry.Action), AuditLimits.ActionMaxLength, required: true, nameof(entry));
        if (!ActionPattern().IsMatch(entry.Action))
        {
            throw new ArgumentException(
                $"Audit {nameof(AuditEntry.Action)} '{entry.Action}' must be lower-case letters and digits separated by '.', '-' or '_' (e.g. '{AuditActions.JitPolicyApplied}').",
                nameof(entry));
        }

        var target = entry.Target ?? string.Empty;
        Text(target, nameof(AuditEntry.Target), AuditLimits.TargetMaxLength, required: false, nameof(entry));

        if (!Enum.IsDefined(entry.ActorKind))
        {
            throw new ArgumentException($"Audit {nameof(AuditEntry.ActorKind)} {(int)entry.ActorKind} is not defined.", nameof(entry));
        }

        if (!Enum.IsDefined(entry.Outcome))
        {
            throw new ArgumentException($"Audit {nameof(AuditEntry.Outcome)} {(int)entry.Outcome} is not defined.", nameof(entry));
        }

        // JSON escapes control characters, so the stored details cannot carry raw ones.
        var details = entry.Details is null ? "{}" : JsonSerializer.Serialize(entry.Details, entry.Details.GetType(), DetailsJson);
        if (details.Length > AuditLimits.DetailsMaxLength)
        {
            throw new ArgumentException(
                $"Audit {nameof(AuditEntry.Details)} serialise to {details.Length} characters; the limit is {AuditLimits.DetailsMaxLength}.",
                nameof(entry));
        }

        return new Normalized(entry.Actor, entry.ActorKind, entry.Action, target, entry.Outcome, details);
    }

    private static void Text(string? value, string field, int maxLength, bool required, string paramName)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Audit {field} is required.", paramName);
        }

        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"Audit {field} is {value.Length} characters; the limit is {maxLength}.", paramName);
        }

        // Control and bidirectional-override characters could forge line breaks in logs and exports
        // or make the Audit page display something other than what is stored.
        foreach (var c in value)
        {
            if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                throw new ArgumentException($"Audit {field} contains a control character (U+{(int)c:X4}).", paramName);
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ActionPattern();
}
