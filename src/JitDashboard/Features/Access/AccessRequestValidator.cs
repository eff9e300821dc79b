using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Features.Access;

/// <summary>Checks a request against the VM's JIT policy entry. Pure: every error per field, in plain words.</summary>
public static partial class AccessRequestValidator
{
    /// <summary>A tag opening (<c>&lt;b</c>, <c>&lt;/</c>, <c>&lt;!</c>): text fields are plain text.</summary>
    [GeneratedRegex(@"<\s*[a-zA-Z!/?]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkupPattern();

    /// <param name="input">The request.</param>
    /// <param name="policyVm">The VM's entry in its JIT policy; null when the VM has no JIT.</param>
    /// <param name="detectedAddress">The requester's own address, used when no prefix was typed.</param>
    /// <param name="now">The current time.</param>
    public static (ValidAccessRequest? Request, Dictionary<string, string[]> Errors) Validate(
        AccessRequestInput input, JitVirtualMachine? policyVm, string? detectedAddress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(input.MachineId))
            Add("machineId", "Choose a virtual machine.");
        else if (policyVm is null)
            Add("machineId", "This virtual machine has no just-in-time policy: apply JIT to it first.");

        // Ports: at least one, each in the policy.
        var ports = (input.Ports ?? []).Distinct().ToList();
        var rules = new List<JitPortRule>();
        if (ports.Count == 0)
        {
            Add("ports", "Choose at least one port.");
        }
        else if (policyVm is not null)
        {
            foreach (var port in ports)
            {
                var rule = policyVm.Ports.FirstOrDefault(p => p.Number == port);
                if (rule is null)
                    Add("ports", $"Port {port} is not in the VM's just-in-time policy (allowed: {string.Join(", ", policyVm.Ports.Select(p => p.Number))}).");
                else
                    rules.Add(rule);
            }
        }

        // Duration: 5 minutes up to the policy's maximum for every chosen port.
        TimeSpan duration = default;
        if (string.IsNullOrWhiteSpace(input.Duration))
        {
            Add("duration", "Give a duration, e.g. PT1H.");
        }
        else if (!TryParseDuration(input.Duration, out duration))
        {
            Add("duration", $"'{input.Duration}' is not an ISO 8601 duration such as PT30M or PT1H.");
        }
        else if (duration < AccessLimits.MinDuration)
        {
            Add("duration", "The duration must be at least 5 minutes.");
        }
        else
        {
            foreach (var rule in rules)
            {
                if (TryParseDuration(rule.MaxRequestAccessDuration, out var max) && duration > max)
                    Add("duration", $"Port {rule.Number} allows at most {Describe(max)} ({rule.MaxRequestAccessDuration}); {Describe(duration)} is too long.");
            }
        }

        // Source: a specific IP or CIDR (typed, else the requester's own address) that every chosen port's policy allows.
        var typed = string.IsNullOrWhiteSpace(input.SourceAddressPrefix) ? null : input.SourceAddressPrefix.Trim();
        var source = typed ?? detectedAddress;
        string? normalised = null;
        if (source is null)
        {
            Add("sourceAddressPrefix", "Your address could not be detected: type the IP address or CIDR range to allow.");
        }
        else if (!AddressPrefix.TryParseNetwork(source, out var network))
        {
            Add("sourceAddressPrefix", $"'{source}' is not an IP address or CIDR range (e.g. 203.0.113.7 or 203.0.113.0/24).");
        }
        else if (network.Value.PrefixLength == 0)
        {
            Add("sourceAddressPrefix", "A request cannot open the port to every address; give your own address or range.");
        }
        else
        {
            normalised = source.Contains('/', StringComparison.Ordinal) ? network.Value.ToString() : source;
            var requested = AddressPrefix.Parse(normalised);
            foreach (var rule in rules)
            {
                var allowed = rule.AllowedSourceAddressPrefixes is { Count: > 0 } many ? many : [rule.AllowedSourceAddressPrefix ?? "*"];
                if (!allowed.Any(a => AddressPrefix.Parse(a).Contains(requested)))
                    Add("sourceAddressPrefix", $"Port {rule.Number} only allows sources in {string.Join(", ", allowed)}; {normalised} is outside.");
            }
        }

        var justification = input.Justification?.Trim() ?? "";
        if (justification.Length == 0)
            Add("justification", "Say why you need access.");
        else if (justification.Length > AccessLimits.JustificationMaxLength)
            Add("justification", $"The justification is {justification.Length} characters; at most {AccessLimits.JustificationMaxLength} are allowed.");
        else if (TextProblem(justification) is { } problem)
            Add("justification", problem);

        var ticket = string.IsNullOrWhiteSpace(input.Ticket) ? null : input.Ticket.Trim();
        if (ticket is not null)
        {
            if (ticket.Length > AccessLimits.TicketMaxLength)
                Add("ticket", $"The ticket reference is {ticket.Length} characters; at most {AccessLimits.TicketMaxLength} are allowed.");
            else if (TextProblem(ticket) is { } problem)
                Add("ticket", problem);
        }

        if (input.StartTime is { } start && start < now - TimeSpan.FromMinutes(1))
            Add("startTime", "The start time is in the past; leave it empty to start on approval.");
        else if (input.StartTime is { } later && later > now + TimeSpan.FromDays(30))
            Add("startTime", "The start time must be within 30 days.");

        if (errors.Count > 0)
            return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        // A start within the next minute is "now".
        var startTime = input.StartTime is { } s && s > now + TimeSpan.FromMinutes(1) ? s : (DateTimeOffset?)null;
        return (new ValidAccessRequest(ports, duration, normalised!, justification, ticket, startTime), []);
    }

    /// <summary>A comment on a decision: optional, limited, plain text. Null when fine.</summary>
    public static string? CommentProblem(string? comment)
    {
        if (string.IsNullOrWhiteSpace(comment)) return null;
        return comment.Length > AccessLimits.CommentMaxLength
            ? $"The comment is {comment.Length} characters; at most {AccessLimits.CommentMaxLength} are allowed."
            : TextProblem(comment);
    }

    private static string? TextProblem(string text)
    {
        if (MarkupPattern().IsMatch(text))
            return "HTML or script is not allowed here; write plain text.";
        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            return "Control characters are not allowed.";
        return null;
    }

    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || !text.TrimStart().StartsWith('P')) return false;
        try
        {
            duration = XmlConvert.ToTimeSpan(text.Trim());
            return duration > TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>1 h 30 min, 45 min, 2 h.</summary>
    public static string Describe(TimeSpan span)
    {
        var hours = (int)span.TotalHours;
        var parts = new List<string>();
        if (hours > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{hours} h"));
        if (span.Minutes > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min"));
        return parts.Count == 0 ? string.Create(CultureInfo.InvariantCulture, $"{span.Seconds} s") : string.Join(' ', parts);
    }
}
