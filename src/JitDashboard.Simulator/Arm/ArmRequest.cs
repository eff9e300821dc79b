using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>One ARM call, as seen by a handler (always invoked under the state lock).</summary>
public sealed class ArmRequest(HttpContext http, SimulatorState state, IReadOnlyDictionary<string, string> values, JsonNode? body, int pageSize)
{
    public HttpContext Http { get; } = http;
    public SimulatorState State { get; } = state;
    public JsonNode? Body { get; } = body;
    public int PageSize { get; } = pageSize;
    public string CallerIp { get; init; } = "";
    public string Requestor { get; init; } = "";

    public string this[string name] => values[name];

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    public bool QueryIs(string name, string value) => string.Equals(Query(name), value, StringComparison.OrdinalIgnoreCase);

    /// <summary>A page of a list answer; <c>nextLink</c> is absolute (same host) with a numeric <c>$skiptoken</c> offset.</summary>
    public ArmResult Page(int total, Func<int, int, IEnumerable<JsonNode>> slice)
    {
        var offset = 0;
        if (Query("$skiptoken") is { } token && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > total))
            throw ArmErrors.BadRequest($"The $skiptoken '{token}' is invalid.", "InvalidSkipToken");
        var count = Math.Min(PageSize, total - offset);
        var body = new JsonObject { ["value"] = new JsonArray(slice(offset, count).ToArray()) };
        if (offset + count < total)
            body["nextLink"] = NextLink(offset + count);
        return new ArmResult(200, body);
    }

    public ArmResult PageKeys(IReadOnlyCollection<string> keys, Func<JsonObject, JsonNode> render)
        => Page(keys.Count, (skip, take) => keys.Skip(skip).Take(take).Select(k => render(State.GetByKey(k))));

    private string NextLink(int offset)
    {
        var r = Http.Request;
        var sb = new StringBuilder($"{r.Scheme}://{r.Host}{r.PathBase}{r.Path}?");
        foreach (var (k, v) in r.Query.Where(q => !q.Key.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase)))
            sb.Append(Uri.EscapeDataString(k)).Append('=').Append(Uri.EscapeDataString(v.ToString())).Append('&');
        sb.Append("$skiptoken=").Append(offset.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
