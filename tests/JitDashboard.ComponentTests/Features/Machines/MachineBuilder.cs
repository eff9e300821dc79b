using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.ComponentTests.Features.Machines;

/// <summary>Builds an <see cref="EstateMachine"/> with the facts a test needs: exposure, JIT status, recommendations.</summary>
public sealed class MachineBuilder(string name)
{
    public const string ProductionId = "11111111-1111-1111-1111-111111111111";
    public const string DevId = "22222222-2222-2222-2222-222222222222";

    private string _subscriptionId = ProductionId;
    private string _subscriptionName = "Contoso Production";
    private string _resourceGroup = "rg-web";
    private string _os = "Linux";
    private readonly List<PortDecision> _ports = [];
    private readonly List<NicView> _nics = [];
    private readonly List<JitPortRule> _jitPorts = [];
    private readonly List<JitRequestView> _requests = [];
    private JitStatus _jit = JitStatus.NotConfigured;
    private string? _reason;
    private string? _policyId;
    private RecommendationState _jitRec = RecommendationState.Unknown;
    private RecommendationState _portsRec = RecommendationState.Unknown;
    private double _impact;

    public static MachineBuilder Vm(string name) => new(name);

    public MachineBuilder InDev() { _subscriptionId = DevId; _subscriptionName = "Contoso Dev"; return this; }

    public MachineBuilder InGroup(string resourceGroup) { _resourceGroup = resourceGroup; return this; }

    public MachineBuilder Windows() { _os = "Windows"; return this; }

    public MachineBuilder Nic(string privateIp, string? publicIp, string? subnetNsg = "nsg-subnet", string? nicNsg = null)
    {
        _nics.Add(new NicView($"{name}-nic", "ipconfig1", privateIp, publicIp, publicIp is null ? null : "Standard", "default", subnetNsg, nicNsg));
        return this;
    }

    /// <summary>A port decided by one path whose decisive rule is the given one.</summary>
    public MachineBuilder Port(int port, PortExposure exposure, string rule = "AllowAll", int priority = 100, params string[] sources)
    {
        var allow = exposure != PortExposure.Closed;
        var src = sources.Length > 0 ? sources : exposure == PortExposure.Open ? ["*"] : [];
        var steps = new List<RuleStep>
        {
            new(NsgLevel.Subnet, "nsg-subnet", rule, priority, allow ? RuleAccess.Allow : RuleAccess.Deny, src.Length == 0 ? ["*"] : src, false, true),
            new(NsgLevel.Subnet, "nsg-subnet", "DenyAllInBound", 65500, RuleAccess.Deny, ["*"], true, false),
        };
        var path = new PathDecision($"{name}-nic", "ipconfig1", "20.0.0.1", exposure, src, steps, $"{rule} ({priority}) on nsg-subnet decides.");
        _ports.Add(new PortDecision(port, exposure, src, [path]));
        return this;
    }

    public MachineBuilder Jit(JitStatus status, string? reason = null)
    {
        _jit = status;
        _reason = reason;
        if (status == JitStatus.Configured)
            _policyId = $"/subscriptions/{_subscriptionId}/resourceGroups/{_resourceGroup}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default";
        return this;
    }

    public MachineBuilder JitPort(int port, string source = "*", string duration = "PT3H")
    {
        _jitPorts.Add(new JitPortRule { Number = port, Protocol = "*", AllowedSourceAddressPrefix = source, MaxRequestAccessDuration = duration });
        return this;
    }

    public MachineBuilder Request(DateTimeOffset start, string requestor, int port, string source, string status, string? reason = null)
    {
        _requests.Add(new JitRequestView(start, requestor, "maintenance", [new JitRequestPort
        {
            Number = port, AllowedSourceAddressPrefix = source, EndTimeUtc = start.AddHours(1), Status = status, StatusReason = reason,
        }]));
        return this;
    }

    public MachineBuilder Recommendations(RecommendationState jit, RecommendationState ports) { _jitRec = jit; _portsRec = ports; return this; }

    public MachineBuilder Impact(double impact) { _impact = impact; return this; }

    public EstateMachine Build()
    {
        var vm = new VirtualMachineInfo(
            $"/subscriptions/{_subscriptionId}/resourceGroups/{_resourceGroup}/providers/Microsoft.Compute/virtualMachines/{name}",
            name, _subscriptionId, _resourceGroup, "westeurope", _os, "Standard_B2s", [], new Dictionary<string, string> { ["env"] = "prod" }, null, "running");
        var facts = new MachineFacts(_ports, _nics, _jit, _reason, _policyId, _jitPorts, _requests, _jitRec, _portsRec, _impact);
        return new EstateMachine(vm, _subscriptionName, facts);
    }

    public static implicit operator EstateMachine(MachineBuilder builder) => builder.Build();
}
