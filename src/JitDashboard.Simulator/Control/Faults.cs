using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Control;

/// <summary>A fault injected through <c>POST /_simulator/faults</c>.</summary>
public sealed record FaultRule(string? Method, string? PathContains, int? Status, int? RetryAfterSeconds, int? Count, double? Probability, int? DelayMilliseconds)
{
    /// <summary>Parses and validates a fault body; throws <see cref="ArgumentException"/> with a clear message.</summary>
    public static FaultRule Parse(JsonNode? body)
    {
        if (body is not JsonObject o)
            throw new ArgumentException("The body must be a JSON object.");
        string? Str(string name) => o[name] switch { null => null, JsonValue v when v.TryGetValue<string>(out var s) => s, _ => throw new ArgumentException($"'{name}' must be a string.") };
        int? Int(string name) => o[name] switch { null => null, JsonValue v when v.TryGetValue<int>(out var i) => i, _ => throw new ArgumentException($"'{name}' must be an integer.") };
        double? Dbl(string name) => o[name] switch { null => null, JsonValue v when v.TryGetValue<double>(out var d) => d, _ => throw new ArgumentException($"'{name}' must be a number.") };
        var rule = new FaultRule(Str("method")?.ToUpperInvariant(), Str("pathContains"), Int("status"), Int("retryAfterSeconds"), Int("count"), Dbl("probability"), Int("delayMilliseconds"));
        if (rule.Status is { } s && s is not (429 or 500 or 503))
            throw new ArgumentException("'status' must be 429, 500 or 503.");
        if (rule.Status is null && rule.DelayMilliseconds is null)
            throw new ArgumentException("Give 'status', 'delayMilliseconds' or both.");
        if (rule.DelayMilliseconds is < 0 or > 600_000)
            throw new ArgumentException("'delayMilliseconds' must be between 0 and 600000.");
        if (rule.Count is < 1)
            throw new ArgumentException("'count' must be at least 1.");
        if (rule.Probability is < 0 or > 1)
            throw new ArgumentException("'probability' must be between 0 and 1.");
        if (rule.RetryAfterSeconds is < 0)
            throw new ArgumentException("'retryAfterSeconds' must not be negative.");
        return rule;
    }
}

/// <summary>The active faults; matching consumes a count.</summary>
public sealed class Faults
{
    private readonly List<(FaultRule Rule, int? Remaining)> _rules = [];

    public void Add(FaultRule rule)
    {
        lock (_rules)
            _rules.Add((rule, rule.Count));
    }

    public void Clear()
    {
        lock (_rules)
            _rules.Clear();
    }

    /// <summary>The first fault that fires for this request, if any.</summary>
    public FaultRule? Match(string method, string pathAndQuery)
    {
        lock (_rules)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, remaining) = _rules[i];
                if (rule.Method is not null && !rule.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (rule.PathContains is not null && !pathAndQuery.Contains(rule.PathContains, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (rule.Probability is { } p && Random.Shared.NextDouble() >= p)
                    continue;
                if (remaining is not null)
                {
                    if (remaining <= 1)
                    {
                        _rules.RemoveAt(i);
                    }
                    else
                    {
                        _rules[i] = (rule, remaining - 1);
                    }
                }
                return rule;
            }
            return null;
        }
    }
}
