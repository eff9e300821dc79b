using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Control;

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

    /// <summary>How many rules are still armed (a rule with a count goes once it has fired that many times).</summary>
    public int Count
    {
        get
        {
            lock (_rules)
                return _rules.Count;
        }
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
