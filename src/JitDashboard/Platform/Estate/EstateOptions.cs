namespace JitDashboard.Platform.Estate;

/// <summary><c>Estate:*</c> settings.</summary>
public sealed class EstateOptions
{
    public const string SectionName = "Estate";

    /// <summary>The management ports evaluated for every VM: SSH, RDP and WinRM by default (Defender's JIT defaults).</summary>
    public IList<int> ManagementPorts { get; set; } = [];

    /// <summary>How often the whole estate is re-read from ARM.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    public IReadOnlyList<int> EffectivePorts => ManagementPorts.Count > 0 ? ManagementPorts.Distinct().ToList() : Exposure.ExposureEvaluator.DefaultManagementPorts;
}
