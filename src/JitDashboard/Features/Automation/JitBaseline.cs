namespace JitDashboard.Features.Automation;

/// <summary>
/// What a Configured VM looked like when the dashboard last saw it healthy: its JIT deny rules and which JIT
/// ports were open then. Persisted so that drift (it had JIT and lost it) is told apart from never configured.
/// </summary>
public sealed class JitBaseline
{
    public string MachineId { get; set; } = "";
    public string MachineName { get; set; } = "";
    public List<string> DenyRules { get; set; } = [];
    public List<int> OpenPorts { get; set; } = [];
    public long UpdatedAtMs { get; set; }
}
