using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using JitDashboard.Testing;

namespace JitDashboard.UnitTests.Platform.Estate.Inventory;

/// <summary>
/// Each source × each way it fails: what could be read is right, what could not is Unknown with the reason, never a
/// default; a passing failure keeps the last good list (stale); nothing is planned on top of an unknown.
/// </summary>
public sealed class PartialInventoryTests
{
    private const string Sub = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static SubscriptionInventory Sample() =>
        EstateFile.Load(EstateFile.Read(RepoPaths.SharedFile("estates", "sample-estate.json")), Sub) with
        {
            Pricings = [new Pricing { Name = "VirtualMachines", Properties = new PricingProperties { PricingTier = "Standard", SubPlan = "P2" } }],
        };

    private static ArmFailure Failure(int status, string code, string message = "m", TimeSpan? retryAfter = null) =>
        ArmFailure.Classify(status, code, message, null, retryAfter);

    private static readonly ArmFailure Forbidden = Failure(403, "AuthorizationFailed",
        "The client 'app' with object id 'o' does not have authorization to perform action 'Microsoft.Network/networkSecurityGroups/read' over scope '/subscriptions/x'.");

    private static SubscriptionInventory Failing(SubscriptionInventory inventory, InventorySource source, ArmFailure failure)
    {
        var sources = Enum.GetValues<InventorySource>().ToDictionary(s => s, s => SourceStatus.Ok(s, T0));
        sources[source] = InventorySourceStatus(source, failure);
        var emptied = source switch
        {
            InventorySource.NetworkInterfaces => inventory with { NetworkInterfaces = [] },
            InventorySource.NetworkSecurityGroups => inventory with { NetworkSecurityGroups = [] },
            InventorySource.PublicIpAddresses => inventory with { PublicIpAddresses = [] },
            InventorySource.VirtualNetworks => inventory with { VirtualNetworks = [] },
            InventorySource.JitPolicies => inventory with { JitPolicies = [] },
            InventorySource.Assessments => inventory with { Assessments = [] },
            _ => inventory,
        };
        return emptied with { Sources = sources };
    }

    private static SourceStatus InventorySourceStatus(InventorySource source, ArmFailure failure) =>
        ArmInventorySource.StatusOf(source, failure, null, T0);

    private static MachineFacts FactsOf(SubscriptionInventory inventory, string vmName)
    {
        var vm = inventory.VirtualMachines.Single(v => v.Name == vmName);
        return InventoryEvaluator.Evaluate(inventory, ExposureEvaluator.DefaultManagementPorts).Machines[vm.Id];
    }

    public static TheoryData<InventorySource> NetworkSources() =>
        [InventorySource.NetworkInterfaces, InventorySource.NetworkSecurityGroups, InventorySource.PublicIpAddresses, InventorySource.VirtualNetworks];

    [Theory]
    [MemberData(nameof(NetworkSources))]
    public void NetworkSourceForbidden_ExposureUnknown_NotClosed_NotOpen(InventorySource source)
    {
        var facts = FactsOf(Failing(Sample(), source, Forbidden), "vm-web-ssh-open");

        Assert.All(facts.Ports, p => Assert.Equal(PortExposure.Unknown, p.Exposure));
        Assert.False(facts.Exposed);
        Assert.Contains("AuthorizationFailed", facts.UnknownReasons["exposure"], StringComparison.Ordinal);
        Assert.Contains(SourceStatus.Label(source), facts.Ports[0].Reason, StringComparison.Ordinal);
        // Not in a policy, and whether it has the NSG JIT needs is not known: NotConfigured or Unsupported.
        Assert.Equal(JitStatus.Unknown, facts.JitStatus);
    }

    [Fact]
    public void NetworkUnreadable_PolicyMember_StaysConfigured()
    {
        var facts = FactsOf(Failing(Sample(), InventorySource.NetworkSecurityGroups, Forbidden), "vm-jit-protected");

        Assert.Equal(JitStatus.Configured, facts.JitStatus);
        Assert.True(facts.ExposureUnknown);
    }

    [Theory]
    [InlineData(403, "AuthorizationFailed")]
    [InlineData(500, "InternalServerError")]
    [InlineData(429, "SubscriptionRequestsThrottled")]
    [InlineData(502, "ProviderError")]
    public void JitPoliciesUnreadable_StatusUnknown_AndWritesBlocked(int status, string code)
    {
        var inventory = Failing(Sample(), InventorySource.JitPolicies, Failure(status, code));

        var configured = FactsOf(inventory, "vm-jit-protected");
        var open = FactsOf(inventory, "vm-web-ssh-open");

        Assert.Equal(JitStatus.Unknown, configured.JitStatus);
        Assert.Equal(JitStatus.Unknown, open.JitStatus);
        Assert.Contains(code, open.UnknownReasons["jitStatus"], StringComparison.Ordinal);
        Assert.Contains("replaces the whole policy", open.JitWriteBlockedReason, StringComparison.Ordinal);
        // Exposure is still known: the network was read.
        Assert.Equal(PortExposure.Open, open.Ports.Single(p => p.Port == 22).Exposure);
    }

    [Fact]
    public void JitPoliciesUnreadable_UnsupportedStaysUnsupported()
    {
        var facts = FactsOf(Failing(Sample(), InventorySource.JitPolicies, Forbidden), "vm-legacy-no-nsg");

        Assert.Equal(JitStatus.Unsupported, facts.JitStatus);
    }

    [Fact]
    public void SecurityNotRegistered_PoliciesEmptyIsTheTruth_ButJitUnavailable()
    {
        var inventory = Failing(Sample(), InventorySource.JitPolicies,
            Failure(409, "MissingSubscriptionRegistration", "The subscription is not registered to use namespace 'Microsoft.Security'."));

        var facts = FactsOf(inventory, "vm-web-ssh-open");

        Assert.Equal(JitStatus.NotConfigured, facts.JitStatus);
        Assert.Contains("register Microsoft.Security", facts.JitWriteBlockedReason, StringComparison.Ordinal);
        var status = SubscriptionStatus.Of(inventory, InventoryEvaluator.JitUnavailableReason(inventory));
        Assert.Equal(SubscriptionHealth.Degraded, status.Health);
        Assert.Contains(status.Problems, p => p.Source == "JitPolicies" && p.Fix.Contains("az provider register --namespace Microsoft.Security", StringComparison.Ordinal));
    }

    [Fact]
    public void AssessmentsUnreadable_RecommendationsUnknown_ImpactNull_NoControl()
    {
        var inventory = Failing(Sample() with
        {
            Assessments = [],
        }, InventorySource.Assessments, Failure(403, "AuthorizationFailed", "... perform action 'Microsoft.Security/assessments/read' ..."));

        var evaluation = InventoryEvaluator.Evaluate(inventory, ExposureEvaluator.DefaultManagementPorts);

        Assert.Null(evaluation.Control);
        Assert.All(evaluation.Machines.Values, m => Assert.Null(m.SecureScoreImpact));
        Assert.All(evaluation.Machines.Values, m => Assert.Contains("Microsoft.Security/assessments/read", m.UnknownReasons["recommendations"], StringComparison.Ordinal));
    }

    [Fact]
    public void ClassicComputeFailing_IsQuiet_AndHealthy()
    {
        foreach (var failure in new[] { Failure(409, "MissingSubscriptionRegistration"), Failure(400, "BadRequest"), Failure(500, "InternalServerError") })
        {
            var inventory = Failing(Sample(), InventorySource.ClassicVirtualMachines, failure);
            var status = SubscriptionStatus.Of(inventory, InventoryEvaluator.JitUnavailableReason(inventory));

            Assert.Equal(SubscriptionHealth.Healthy, status.Health);
            Assert.Empty(status.Problems);
        }
    }

    [Fact]
    public void VirtualMachinesForbidden_SubscriptionUnavailable()
    {
        var inventory = Failing(Sample(), InventorySource.VirtualMachines, Forbidden);

        var status = SubscriptionStatus.Of(inventory, null);

        Assert.Equal(SubscriptionHealth.Unavailable, status.Health);
        Assert.Contains(status.Problems, p => p.Source == "VirtualMachines" && p.ErrorCode == "AuthorizationFailed" && !p.Stale);
    }

    [Theory]
    [InlineData("Standard", "P2", true)]
    [InlineData("Standard", null, true)]
    [InlineData("Standard", "P1", false)]
    [InlineData("Free", null, false)]
    public void DefenderForServersPlan_DecidesWhetherJitCanBeWritten(string tier, string? subPlan, bool available)
    {
        var inventory = Sample() with
        {
            Pricings = [new Pricing { Name = "VirtualMachines", Properties = new PricingProperties { PricingTier = tier, SubPlan = subPlan } }],
            Sources = new Dictionary<InventorySource, SourceStatus> { [InventorySource.DefenderPlans] = SourceStatus.Ok(InventorySource.DefenderPlans, T0) },
        };

        var reason = InventoryEvaluator.JitUnavailableReason(inventory);
        var facts = FactsOf(inventory, "vm-web-ssh-open");

        Assert.Equal(available, reason is null);
        Assert.Equal(reason, facts.JitWriteBlockedReason);
        if (!available)
        {
            Assert.Contains("Plan 2", reason, StringComparison.Ordinal);
            var status = SubscriptionStatus.Of(inventory, reason);
            Assert.Equal(SubscriptionHealth.Degraded, status.Health);
            Assert.Contains(status.Problems, p => p.ErrorCode == "DefenderForServersPlan2Required");
        }
    }

    [Fact]
    public void PlansUnreadable_DoNotBlockWrites()
    {
        var inventory = Failing(Sample(), InventorySource.DefenderPlans, Forbidden);

        Assert.Null(InventoryEvaluator.JitUnavailableReason(inventory));
    }

    [Theory]
    [InlineData("Disabled")]
    [InlineData("Expired")]
    [InlineData("Deleted")]
    public void ReadOnlySubscription_BlocksWrites_AndIsDegraded(string state)
    {
        var inventory = Sample() with { Subscription = new SubscriptionInfo(Sub, "Sample", state) };

        var facts = FactsOf(inventory, "vm-web-ssh-open");
        var status = SubscriptionStatus.Of(inventory, InventoryEvaluator.JitUnavailableReason(inventory));

        Assert.Contains(state, facts.JitWriteBlockedReason, StringComparison.Ordinal);
        Assert.Equal(SubscriptionHealth.Degraded, status.Health);
        Assert.Contains(status.Problems, p => p.ErrorCode == "ReadOnlyDisabledSubscription");
    }

    [Theory]
    [InlineData("Warned")]
    [InlineData("PastDue")]
    [InlineData("Enabled")]
    public void WritableStates_DoNotBlock(string state)
    {
        var inventory = Sample() with { Subscription = new SubscriptionInfo(Sub, "Sample", state) };

        Assert.Null(FactsOf(inventory, "vm-web-ssh-open").JitWriteBlockedReason);
    }

    [Fact]
    public void TransientFailure_KeepsLastGoodList_MarkedStaleWithItsAge()
    {
        var previous = Sample() with
        {
            Sources = Enum.GetValues<InventorySource>().ToDictionary(s => s, s => SourceStatus.Ok(s, T0)),
        };
        var current = Failing(Sample(), InventorySource.NetworkSecurityGroups, Failure(500, "InternalServerError"));

        var merged = InventoryMerge.WithLastGood(current, previous);
        var facts = FactsOf(merged, "vm-web-ssh-open");

        Assert.Equal(SourceState.Stale, merged.Sources[InventorySource.NetworkSecurityGroups].State);
        Assert.Equal(T0, merged.Sources[InventorySource.NetworkSecurityGroups].LastSuccessAt);
        Assert.Equal(PortExposure.Open, facts.Ports.Single(p => p.Port == 22).Exposure);
        var status = SubscriptionStatus.Of(merged, null);
        Assert.Equal(SubscriptionHealth.Degraded, status.Health);
        Assert.Contains(status.Problems, p => p.Source == "NetworkSecurityGroups" && p.Stale && p.LastSuccessAt == T0);
    }

    [Fact]
    public void Refusal_DoesNotKeepLastGoodList()
    {
        var previous = Sample() with { Sources = Enum.GetValues<InventorySource>().ToDictionary(s => s, s => SourceStatus.Ok(s, T0)) };
        var current = Failing(Sample(), InventorySource.NetworkSecurityGroups, Forbidden);

        var merged = InventoryMerge.WithLastGood(current, previous);

        Assert.Equal(SourceState.Failed, merged.Sources[InventorySource.NetworkSecurityGroups].State);
        Assert.True(FactsOf(merged, "vm-web-ssh-open").ExposureUnknown);
    }

    [Fact]
    public void Throttled_IsNotAskedAgainBeforeRetryAfter()
    {
        var status = ArmInventorySource.StatusOf(InventorySource.VirtualNetworks, Failure(429, "TooManyRequests", "m", TimeSpan.FromSeconds(64)), T0, T0);

        Assert.Equal(SourceState.Failed, status.State);
        Assert.Equal(T0.AddSeconds(64), status.RetryNotBefore);
    }

    [Fact]
    public void Planner_RefusesUnknownAndBlockedVms_BeforeAnyWrite()
    {
        var inventory = Failing(Sample(), InventorySource.JitPolicies, Forbidden);
        var evaluation = InventoryEvaluator.Evaluate(inventory, ExposureEvaluator.DefaultManagementPorts);
        var machines = inventory.VirtualMachines.Select(vm => new EstateMachine(vm, "Sample", evaluation.Machines[vm.Id])).ToList();
        var index = PolicyPlanner.Index(machines);
        var ids = machines.Where(m => m.Facts.JitStatus == JitStatus.Unknown).Select(m => m.Id).ToList();

        var apply = PolicyPlanner.PlanApply(ids, index, JitDashboard.UnitTests.Features.Policies.PolicyTestData.DefenderTemplate());
        var remove = PolicyPlanner.PlanRemove(ids, index);

        Assert.NotEmpty(ids);
        Assert.Empty(apply.Policies);
        Assert.Empty(remove.Policies);
        Assert.All(apply.Skipped, s => Assert.Contains("replaces the whole policy", s.Reason, StringComparison.Ordinal));
        Assert.Equal(ids.Count, apply.Skipped.Count);
    }

    public static TheoryData<InventorySource, int, string> EverySourceTimesEveryFailure()
    {
        var failures = new (int Status, string Code)[]
        {
            (403, "AuthorizationFailed"), (409, "MissingSubscriptionRegistration"), (404, "Subscription Not Registered"),
            (429, "TooManyRequests"), (500, "InternalServerError"), (502, "ProviderError"), (404, "ResourceNotFound"), (0, "Timeout"),
        };
        var data = new TheoryData<InventorySource, int, string>();
        foreach (var source in Enum.GetValues<InventorySource>())
        {
            foreach (var (status, code) in failures)
                data.Add(source, status, code);
        }
        return data;
    }

    /// <summary>The matrix: every source × every way it fails. Every VM is still listed; what needs the source is Unknown (or empty and true, when its namespace is unregistered); the rest is as before.</summary>
    [Theory]
    [MemberData(nameof(EverySourceTimesEveryFailure))]
    public void EverySource_EveryFailure_KeepsEveryVm_AndMarksOnlyWhatDependsOnIt(InventorySource source, int status, string code)
    {
        var healthy = InventoryEvaluator.Evaluate(Sample() with { Sources = Enum.GetValues<InventorySource>().ToDictionary(s => s, s => SourceStatus.Ok(s, T0)) }, ExposureEvaluator.DefaultManagementPorts);
        var failure = Failure(status, code, "namespace 'Microsoft.X'");
        var inventory = Failing(Sample(), source, failure);

        var evaluation = InventoryEvaluator.Evaluate(inventory, ExposureEvaluator.DefaultManagementPorts);
        var subscription = SubscriptionStatus.Of(inventory, evaluation.JitUnavailableReason);

        Assert.Equal(healthy.Machines.Keys.Order(), evaluation.Machines.Keys.Order());
        var unregistered = failure.Kind == JitDashboard.Platform.Arm.ArmFailureKind.NotRegistered || source == InventorySource.ClassicVirtualMachines;
        var network = source is InventorySource.NetworkInterfaces or InventorySource.NetworkSecurityGroups or InventorySource.PublicIpAddresses or InventorySource.VirtualNetworks;
        var doors = source is InventorySource.LoadBalancers or InventorySource.AzureFirewalls or InventorySource.FirewallPolicies or InventorySource.NetworkManagerAdminRules;
        foreach (var (id, facts) in evaluation.Machines)
        {
            var before = healthy.Machines[id];
            if (network && !unregistered && before.JitStatus != JitStatus.Unsupported)
                Assert.All(facts.Ports, p => Assert.Equal(PortExposure.Unknown, p.Exposure));
            else if (doors && !unregistered)
                // A door or the admin rules unread: an Open port stays Open (another door proves it); others may turn Unknown, never Closed or Open by guess.
                // Unread admin rules leave no verdict on a door at all: a Deny could close an Open port.
                Assert.All(before.Ports.Zip(facts.Ports), pair => Assert.True(pair.First.Exposure == pair.Second.Exposure
                    || ((pair.First.Exposure != PortExposure.Open || source == InventorySource.NetworkManagerAdminRules) && pair.Second.Exposure == PortExposure.Unknown)));
            else if (!network)
                Assert.Equal(before.Ports.Select(p => p.Exposure), facts.Ports.Select(p => p.Exposure));
            if (source == InventorySource.JitPolicies && !unregistered && before.JitStatus != JitStatus.Unsupported)
                Assert.Equal(JitStatus.Unknown, facts.JitStatus);
            if (source == InventorySource.Assessments)
                Assert.Null(facts.SecureScoreImpact);
            // Never a guess: an Unknown fact always says why.
            if (facts.JitStatus == JitStatus.Unknown) Assert.True(facts.UnknownReasons.ContainsKey("jitStatus"));
            if (facts.ExposureUnknown) Assert.True(facts.UnknownReasons.ContainsKey("exposure"));
        }
        // ClassicCompute is quiet whatever it answers; any other failure is a named problem with a fix.
        if (source == InventorySource.ClassicVirtualMachines)
            Assert.Equal(SubscriptionHealth.Healthy, subscription.Health);
        else
            Assert.Contains(subscription.Problems, p => p.Source == source.ToString() && !string.IsNullOrEmpty(p.Fix));
    }
}
