using JitDashboard.Platform.Audit;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace JitDashboard.Features.Audit;

/// <summary>
/// The Audit page's filters as they travel in a URL (<c>/audit?actor=alice&amp;action=user.*</c>), shared by the page
/// and the CSV export so both accept and reject exactly the same input. Pure: no I/O, no clock.
/// </summary>
public sealed partial record AuditFilter
{
    public const string FromKey = "from";
    public const string ToKey = "to";
    public const string ActorKey = "actor";
    public const string ActionKey = "action";
    public const string TargetKey = "target";
    public const string UpToIdKey = "upto";

    public static AuditFilter Empty { get; } = new();

    /// <summary>Inclusive lower bound, UTC.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound, UTC.</summary>
    public DateTimeOffset? To { get; init; }

    public string? Actor { get; init; }

    /// <summary>Exact action, or a prefix ending in <c>*</c>.</summary>
    public string? Action { get; init; }

    public string? Target { get; init; }

    /// <summary>Only events up to this sequence number: how a link opens the ledger at one event.</summary>
    public long? UpToId { get; init; }

    public bool IsEmpty => this == Empty;

    /// <summary>Parses a raw query string (with or without the leading <c>?</c>).</summary>
    public static bool TryParse(string? queryString, [NotNullWhen(true)] out AuditFilter? filter, out Dictionary<string, string[]> errors) =>
        TryParse(QueryHelpers.ParseQuery(queryString), out filter, out errors);

    /// <summary>
    /// Parses query values (an <see cref="IQueryCollection"/> or a dictionary); unknown keys are ignored.
    /// On failure <paramref name="errors"/> holds every problem by key, ready for a validation problem response.
    /// </summary>
    public static bool TryParse(
        IEnumerable<KeyValuePair<string, StringValues>> query,
        [NotNullWhen(true)] out AuditFilter? filter,
        out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in query)
        {
            if (value.Count > 1)
            {
                errors[key] = [$"'{key}' is given {value.Count} times; give it once."];
            }
            else if (!string.IsNullOrWhiteSpace(value.ToString()))
            {
                values[key] = value.ToString().Trim();
            }
        }

        var from = Date(values, FromKey, errors);
        var to = Date(values, ToKey, errors);
        if (from is { } f && to is { } t && f >= t)
        {
            errors[ToKey] = ["'to' must be later than 'from'."];
        }

        var actor = Text(values, ActorKey, AuditLimits.ActorMaxLength, errors);
        var target = Text(values, TargetKey, AuditLimits.TargetMaxLength, errors);
        var action = Text(values, ActionKey, AuditLimits.ActionMaxLength, errors)?.ToLowerInvariant();
        if (action is not null && !errors.ContainsKey(ActionKey) && !ActionFilterPattern().IsMatch(action))
        {
            errors[ActionKey] = ["'action' must be an action name (e.g. user.signed-in) or a prefix ending in * (e.g. access.*)."];
        }

        long? upTo = null;
        if (values.TryGetValue(UpToIdKey, out var upToText))
        {
            if (long.TryParse(upToText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
                upTo = id;
            else
                errors[UpToIdKey] = ["'upto' must be a positive event number."];
        }

        filter = errors.Count == 0
            ? new AuditFilter { From = from, To = to, Actor = actor, Action = action, Target = target, UpToId = upTo }
            : null;
        return filter is not null;
    }

    /// <summary>The ledger query for one page of this filter.</summary>
    public AuditQuery ToQuery(int skip = 0, int pageSize = AuditQuery.DefaultPageSize) => new()
    {
        From = From,
        To = To,
        Actor = Actor,
        Action = Action,
        Target = Target,
        UpToId = UpToId,
        Skip = skip,
        PageSize = pageSize,
    };

    /// <summary><c>?key=value&amp;...</c> for the set filters, in a fixed order; empty when none is set.</summary>
    public string ToQueryString()
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        if (From is { } from)
            pairs.Add(new(FromKey, FormatDate(from)));
        if (To is { } to)
            pairs.Add(new(ToKey, FormatDate(to)));
        if (Actor is not null)
            pairs.Add(new(ActorKey, Actor));
        if (Action is not null)
            pairs.Add(new(ActionKey, Action));
        if (Target is not null)
            pairs.Add(new(TargetKey, Target));
        if (UpToId is { } upTo)
            pairs.Add(new(UpToIdKey, upTo.ToString(CultureInfo.InvariantCulture)));
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs.Select(p => p.Key + "=" + Encode(p.Value!)));
    }

    // RFC 3986 lets ':', '/', '@' and '*' stand unescaped in a query: links stay readable (action=user.*).
    private static string Encode(string value) => Uri.EscapeDataString(value)
        .Replace("%3A", ":", StringComparison.Ordinal)
        .Replace("%2F", "/", StringComparison.Ordinal)
        .Replace("%40", "@", StringComparison.Ordinal)
        .Replace("%2A", "*", StringComparison.Ordinal);

    /// <summary>ISO 8601 in UTC; whole seconds when there is no fraction, so links stay readable.</summary>
    public static string FormatDate(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.ToString(
            utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
            CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset? Date(Dictionary<string, string> values, string key, Dictionary<string, string[]> errors)
    {
        if (!values.TryGetValue(key, out var text))
            return null;

        // ISO 8601 only (a date, or a date and time); no offset means UTC, never the server's zone.
        if (IsoDatePattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value.ToUniversalTime();
        }

        errors[key] = [$"'{key}' must be an ISO 8601 date-time, e.g. 2026-11-23T08:00:00Z."];
        return null;
    }

    private static string? Text(Dictionary<string, string> values, string key, int maxLength, Dictionary<string, string[]> errors)
    {
        if (!values.TryGetValue(key, out var text))
            return null;

        if (text.Length > maxLength)
        {
            errors[key] = [$"'{key}' is {text.Length} characters; the limit is {maxLength}."];
            return null;
        }

        if (text.Any(char.IsControl))
        {
            errors[key] = [$"'{key}' contains a control character."];
            return null;
        }

        return text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex IsoDatePattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?:[._-]?\*)?|\*)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ActionFilterPattern();
}
