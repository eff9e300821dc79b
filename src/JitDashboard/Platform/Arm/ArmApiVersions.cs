namespace JitDashboard.Platform.Arm;

/// <summary>Fixed api-versions per resource provider (the app never asks ARM which to use).</summary>
public sealed class ArmApiVersions
{
    public string Compute { get; set; } = "2024-03-01";
    public string ClassicCompute { get; set; } = "2017-04-01";
    public string Network { get; set; } = "2024-05-01";
    public string Security { get; set; } = "2020-01-01";
    public string Jit { get; set; } = "2020-01-01";
    public string Assessments { get; set; } = "2020-01-01";
    public string Pricings { get; set; } = "2024-01-01";
}
