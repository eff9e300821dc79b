namespace JitDashboard.Platform.Estate;

/// <summary><c>Estate:*</c> settings.</summary>
public sealed class EstateOptions
{
    public const string SectionName = "Estate";

    /// <summary>The management ports evaluated for every VM: SSH, RDP and WinRM by default (Defender's JIT defaults).</summary>
    public IList<int> ManagementPorts { get; set; } = [];

    /// <summary>
    /// How often the whole estate is re-read from ARM: the safety net (missed events, restarts). Azure's events keep
    /// it current in between (POST /api/v1/events/azure), so the default is long.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A resource named by an event is read this long after its latest event (a burst costs one read).</summary>
    public TimeSpan EventDebounce { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>...but never later than this after its first event, however long the burst.</summary>
    public TimeSpan EventMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Targeted reads in flight at once.</summary>
    public int TargetedConcurrency { get; set; } = 4;

    /// <summary>Resources waiting for their refresh at most; beyond it the next refresh is a full sweep.</summary>
    public int MaxPendingResources { get; set; } = 5000;

    /// <summary>
    /// With several instances (PostgreSQL): the <c>estate</c> lease's duration. Its holder reads ARM; when it dies,
    /// another instance takes over within this time (renewed every third of it).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<int> EffectivePorts => ManagementPorts.Count > 0 ? ManagementPorts.Distinct().ToList() : Exposure.ExposureEvaluator.DefaultManagementPorts;
}
