using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Estate;

/// <summary>A parsed generator spec: <c>vms=N,subscriptions=S,seed=K</c>.</summary>
public sealed record GeneratorSpec(int Vms, int Subscriptions, int Seed)
{
    /// <summary>Parses a spec; throws <see cref="FormatException"/> with a clear message when it is invalid.</summary>
    public static GeneratorSpec Parse(string spec) => throw new NotImplementedException();
}

/// <summary>Deterministic estate generator (public contract 1 output).</summary>
public static class EstateGenerator
{
    /// <summary>Returns an estate file: <c>{ "subscriptions": [...], "resources": [...] }</c>.</summary>
    public static JsonObject Generate(GeneratorSpec spec) => throw new NotImplementedException();
}
