using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Control;

/// <summary>A fault injected through <c>POST /_simulator/faults</c>.</summary>
/// <remarks>
/// <see cref="ErrorCode"/> and <see cref="Message"/> replace the status's default code and message; <see cref="PascalCase"/>
/// answers <c>{"Error":{"Code","Message"}}</c>; <see cref="Target"/> adds <c>details[{code,target,message}]</c>.
/// </remarks>
public sealed record FaultRule(string? Method, string? PathContains, int? Status, int? RetryAfterSeconds, int? Count, double? Probability, int? DelayMilliseconds)
{
    public static readonly int[] Statuses = [400, 403, 404, 409, 413, 429, 500, 502, 503, 504];

    public string? ErrorCode { get; init; }
    public string? Message { get; init; }
    public bool PascalCase { get; init; }
    public string? Target { get; init; }

    /// <summary>Parses and validates a fault body; throws <see cref="ArgumentException"/> with a clear message.</summary>
    public static FaultRule Parse(JsonNode? body)
    {
        if (body is not JsonObject o)
            throw new ArgumentException("The body must be a JSON object.");
        string? Str(string name) => o[name] switch { null => null, JsonValue v when v.TryGetValue<string>(out var s) => s, _ => throw new ArgumentException($"'{name}' must be a string.") };
        int? Int(string name) => o[name] switch { null => null, JsonValue v when v.TryGetValue<int>(out var i) => i, _ => throw new ArgumentException($"'{name}' must be an integer.") };
        double? Dbl(string name) => o[name] switch { null => null, JsonValue v when v.TryGetValue<double>(out var d) => d, _ => throw new ArgumentException($"'{name}' must be a number.") };
        bool? Bool(string name) => o[name] switch { null => null, JsonValue v when v.TryGetValue<bool>(out var b) => b, _ => throw new ArgumentException($"'{name}' must be true or false.") };
        var rule = new FaultRule(Str("method")?.ToUpperInvariant(), Str("pathContains"), Int("status"), Int("retryAfterSeconds"), Int("count"), Dbl("probability"), Int("delayMilliseconds"))
        {
            ErrorCode = Str("errorCode"),
            Message = Str("message"),
            PascalCase = Bool("pascalCase") ?? false,
            Target = Str("target"),
        };
        if (rule.Status is { } s && !Statuses.Contains(s))
            throw new ArgumentException($"'status' must be one of {string.Join(", ", Statuses)}.");
        if (rule.Status is null && (rule.ErrorCode ?? rule.Message ?? rule.Target) is not null)
            throw new ArgumentException("'errorCode', 'message' and 'target' need a 'status'.");
        if (rule.ErrorCode is { Length: 0 } || rule.Message is { Length: 0 } || rule.Target is { Length: 0 })
            throw new ArgumentException("'errorCode', 'message' and 'target' must not be empty.");
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
