using JitDashboard.Hosting;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Simulator;
using Microsoft.Extensions.Options;

namespace JitDashboard.UnitTests.Platform.Arm;

/// <summary>
/// The typed clients against a real in-process simulator seeded with shared/estates/sample-estate.json: TLS
/// pinned to the simulator's certificate, the api-versions the app sends, paging and JIT writes.
/// </summary>
public sealed class ClientsAgainstSimulatorTests : IAsyncLifetime
{
    private const string Sub = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    private SimulatorHost _simulator = null!;
    private ArmClientProvider _arm = null!;
    private readonly IOptions<ArmOptions> _options = Options.Create(new ArmOptions { MaxRetries = 1 });

    public async Task InitializeAsync()
    {
        var estate = Path.GetFullPath(Path.Combine(ArmContract.Root, "..", "estates", "sample-estate.json"));
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Url = "https://127.0.0.1:0", EstateFile = estate });
        var connection = new ResolvedArmConnection(_simulator.BaseUri, "https://management.azure.com/", _simulator.Certificate);
        _arm = ArmClientProvider.FromClient(ArmExtensions.CreateArmClient(connection, JitDashboard.DevHost.SimulatorCredential.Create(_simulator.BaseUri, _simulator.Certificate), _options.Value));
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }

    [Fact]
    public async Task SubscriptionsAndVirtualMachines_AreListed()
    {
        var subscriptions = await ToListAsync(new SubscriptionsClient(_arm).ListAsync());
        var compute = new ComputeClient(_arm);
        var vms = await ToListAsync(compute.ListVirtualMachinesAsync(Sub));
        var powerStates = await compute.ListPowerStatesAsync(Sub);

        var subscription = Assert.Single(subscriptions);
        Assert.Equal(Sub, subscription.SubscriptionId);
        Assert.Equal("Sample", subscription.DisplayName);
        Assert.Equal(["vm-jit-protected", "vm-legacy-no-nsg", "vm-office-rdp", "vm-web-ssh-open"], vms.Select(v => v.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.All(vms, vm =>
        {
            Assert.Equal(Sub, vm.SubscriptionId);
            Assert.NotEmpty(vm.NicIds);
            Assert.NotNull(vm.OsType);
        });
        Assert.Equal(4, powerStates.Count);
        Assert.All(vms, vm => Assert.True(powerStates.ContainsKey(vm.Id), vm.Id));
    }

    [Fact]
    public async Task GetVirtualMachine_WithInstanceView_HasPowerState_AndMissingIsNull()
    {
        var compute = new ComputeClient(_arm);
        var id = $"/subscriptions/{Sub}/resourceGroups/rg-sample/providers/Microsoft.Compute/virtualMachines/vm-web-ssh-open";

        var vm = await compute.GetVirtualMachineAsync(id, expandInstanceView: true);
        var missing = await compute.GetVirtualMachineAsync(id + "-gone");

        Assert.Equal("vm-web-ssh-open", vm!.Name);
        Assert.NotNull(vm.PowerState);
        Assert.Null(missing);
    }

    [Fact]
    public async Task Network_ListsEveryResourceType()
    {
        var network = new NetworkClient(new ArmRestClient(_arm), _options);

        Assert.Equal(4, (await ToListAsync(network.ListNetworkInterfacesAsync(Sub))).Count);
        Assert.Equal(3, (await ToListAsync(network.ListNetworkSecurityGroupsAsync(Sub))).Count);
        Assert.Equal(4, (await ToListAsync(network.ListPublicIpAddressesAsync(Sub))).Count);
        var vnet = Assert.Single(await ToListAsync(network.ListVirtualNetworksAsync(Sub)));
        Assert.NotEmpty(vnet.Properties.Subnets);
    }

    [Fact]
    public async Task JitPolicy_ListGetPutInitiate_RoundTrip()
    {
        var security = new SecurityClient(new ArmRestClient(_arm), _options);

        var listed = Assert.Single(await ToListAsync(security.ListJitPoliciesAsync(Sub)));
        Assert.Single(await ToListAsync(security.ListJitPoliciesByRegionAsync(Sub, "westeurope")));
        Assert.Single(await ToListAsync(security.ListJitPoliciesByResourceGroupAsync(Sub, "rg-sample")));
        Assert.Single(await ToListAsync(security.ListJitPoliciesByResourceGroupAndRegionAsync(Sub, "rg-sample", "westeurope")));
        var policy = await security.GetJitPolicyAsync(Sub, "rg-sample", "westeurope");
        Assert.Equal(listed.Id, policy!.Id);
        var protectedVm = Assert.Single(policy.Properties.VirtualMachines);
        Assert.EndsWith("/vm-jit-protected", protectedVm.Id, StringComparison.Ordinal);

        // Read, merge, write: the existing VM is kept.
        var webVm = $"/subscriptions/{Sub}/resourceGroups/rg-sample/providers/Microsoft.Compute/virtualMachines/vm-web-ssh-open";
        var merged = policy with
        {
            Properties = policy.Properties with
            {
                VirtualMachines = [.. policy.Properties.VirtualMachines, new JitVirtualMachine { Id = webVm, Ports = [new JitPortRule { Number = 22, Protocol = "*", AllowedSourceAddressPrefix = "*", MaxRequestAccessDuration = "PT3H" }] }],
            },
        };
        var written = await security.CreateOrUpdateJitPolicyAsync(Sub, "rg-sample", "westeurope", "default", merged);
        Assert.Equal(2, written.Properties.VirtualMachines.Count);

        var request = await security.InitiateJitAccessAsync(Sub, "rg-sample", "westeurope", "default", new JitInitiateRequest
        {
            VirtualMachines = [new JitInitiateVirtualMachine { Id = webVm, Ports = [new JitInitiatePort { Number = 22, EndTimeUtc = DateTimeOffset.UtcNow.AddHours(1), AllowedSourceAddressPrefix = "198.51.100.7" }] }],
            Justification = "unit test",
        });
        var port = Assert.Single(Assert.Single(request.VirtualMachines).Ports);
        Assert.Equal(22, port.Number);
        Assert.Equal("198.51.100.7", port.AllowedSourceAddressPrefix);
    }

    [Fact]
    public async Task Defender_AssessmentsAndSecureScore_AreListed()
    {
        var security = new SecurityClient(new ArmRestClient(_arm), _options);

        var assessments = await ToListAsync(security.ListAssessmentsAsync(Sub));
        var scores = await ToListAsync(security.ListSecureScoresAsync(Sub));
        var controls = await ToListAsync(security.ListSecureScoreControlsAsync(Sub, expandDefinition: true));

        Assert.Contains(assessments, a => a.Name == Assessment.JitKey);
        Assert.NotEmpty(scores);
        Assert.NotEmpty(controls);
    }

    [Fact]
    public async Task UnsupportedApiVersion_SurfacesArmsErrorCode()
    {
        var security = new SecurityClient(new ArmRestClient(_arm), Options.Create(new ArmOptions { ApiVersions = new ArmApiVersions { Jit = "1999-01-01" } }));

        var e = await Assert.ThrowsAsync<ArmRequestException>(() => ToListAsync(security.ListJitPoliciesAsync(Sub)));

        Assert.Equal(400, e.Status);
        // A resource provider's type: ARM answers NoRegisteredProviderFound (InvalidApiVersionParameter is for ARM's own routes).
        Assert.Equal("NoRegisteredProviderFound", e.ErrorCode);
    }
}
