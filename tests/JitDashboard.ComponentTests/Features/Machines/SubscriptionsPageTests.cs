using Bunit;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.ComponentTests.Features.Machines;

/// <summary>What a degraded subscription looks like: the banner, the Subscriptions view, Unknown cells with their reason.</summary>
public class SubscriptionsPageTests : ComponentTestBase
{
    private readonly FakeEstateService _estate = new();
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public SubscriptionsPageTests()
    {
        Context.Services.AddSingleton<IEstateService>(_estate);
        Context.Services.AddSingleton(TimeProvider.System);
    }

    private static EstateSnapshot Degraded(params EstateMachine[] machines)
    {
        var production = new SubscriptionInfo(MachineBuilder.ProductionId, "Contoso Production", "Enabled");
        var dev = new SubscriptionInfo(MachineBuilder.DevId, "Contoso Dev", "Disabled");
        var forbidden = ArmFailure.Classify(403, "AuthorizationFailed",
            "The client 'app' with object id 'o' does not have authorization to perform action 'Microsoft.Security/assessments/read' over scope '/subscriptions/1'.", null, null);
        var throttled = ArmFailure.Classify(429, "TooManyRequests", "The request was throttled.", null, TimeSpan.FromSeconds(64));
        var sources = new List<SourceStatus>
        {
            SourceStatus.Ok(InventorySource.VirtualMachines, Now),
            new(InventorySource.ClassicVirtualMachines, SourceState.NotRegistered, null, ArmFailure.Classify(409, "MissingSubscriptionRegistration", "namespace 'Microsoft.ClassicCompute'", "Microsoft.ClassicCompute", null)),
            new(InventorySource.NetworkSecurityGroups, SourceState.Stale, Now.AddMinutes(-12), throttled),
            new(InventorySource.Assessments, SourceState.Failed, null, forbidden),
        };
        var statusProduction = new SubscriptionStatus(production, SubscriptionHealth.Degraded, sources,
        [
            new SubscriptionProblem("NetworkSecurityGroups", "TooManyRequests", "The request was throttled.", throttled.Fix, true, Now.AddMinutes(-12)),
            new SubscriptionProblem("Assessments", "AuthorizationFailed", forbidden.Message, forbidden.Fix, false, null),
        ], null);
        var statusDev = new SubscriptionStatus(dev, SubscriptionHealth.Degraded, [SourceStatus.Ok(InventorySource.VirtualMachines, Now)],
            [new SubscriptionProblem("Subscription", "ReadOnlyDisabledSubscription", "The subscription is Disabled.", "Re-enable it.", false, null)],
            "The subscription is Disabled: Azure refuses every write until it is re-enabled.");
        return new EstateSnapshot(machines, [production, dev], Now, null, IsLoading: false)
        {
            SubscriptionStatuses = new Dictionary<string, SubscriptionStatus>(StringComparer.OrdinalIgnoreCase)
            {
                [production.SubscriptionId] = statusProduction,
                [dev.SubscriptionId] = statusDev,
            },
        };
    }

    [Fact]
    public void Subscriptions_ShowEachProblem_ItsCode_AndTheFix()
    {
        _estate.Publish(Degraded());

        var page = Render<SubscriptionsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=subscription]").Count));
        Assert.Equal("2 of 2 incomplete", page.Find("[data-testid=subscriptions-summary]").TextContent.Trim());
        var production = page.Find($"[data-subscription-id='{MachineBuilder.ProductionId}']");
        Assert.Equal("Degraded", production.GetAttribute("data-health"));
        var assessments = production.QuerySelector("[data-testid=problem][data-source=Assessments]")!.TextContent;
        Assert.Contains("AuthorizationFailed", assessments, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Security/assessments/read", assessments, StringComparison.Ordinal);
        Assert.Contains("Fix:", assessments, StringComparison.Ordinal);
        Assert.Contains("stale: last read 12 min ago", production.QuerySelector("[data-testid=problem][data-source=NetworkSecurityGroups]")!.TextContent, StringComparison.Ordinal);
        // ClassicCompute unregistered is normal: a source row, not a problem.
        Assert.Null(production.QuerySelector("[data-testid=problem][data-source=ClassicVirtualMachines]"));
        Assert.Contains("None (provider not registered)", production.QuerySelector("[data-testid=source][data-source=ClassicVirtualMachines]")!.TextContent, StringComparison.Ordinal);
        var dev = page.Find($"[data-subscription-id='{MachineBuilder.DevId}']");
        Assert.Contains("Disabled", dev.QuerySelector("[data-testid=jit-unavailable]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Machines_BannerCountsIncompleteSubscriptions_AndLinksToThem()
    {
        _estate.Publish(Degraded(FakeEstateService.Machine("web-01")));

        var page = Render<MachinesPage>();

        page.WaitForAssertion(() => Assert.Contains("2 of 2 subscriptions are incomplete", page.Find("[data-testid=degraded-banner]").TextContent, StringComparison.Ordinal));
        Assert.Equal("subscriptions", page.Find("[data-testid=degraded-link]").GetAttribute("href"));
    }

    [Fact]
    public void Machines_NoBanner_WhenEverySubscriptionIsHealthy()
    {
        _estate.Publish(FakeEstateService.Loaded(FakeEstateService.Machine("web-01")));

        var page = Render<MachinesPage>();

        page.WaitForAssertion(() => Assert.Contains("web-01", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=degraded-banner]"));
    }

    private const string Reason = "Network security groups could not be read: AuthorizationFailed: no access";

    private static readonly MachineFacts UnknownFacts = MachineFacts.Empty with
    {
        JitStatus = JitStatus.Unknown,
        Ports = [PortDecision.Unknown(22, Reason)],
        UnknownReasons = new Dictionary<string, string> { ["jitStatus"] = Reason, ["exposure"] = Reason },
        SecureScoreImpact = null,
    };

    [Fact]
    public void UnknownJitStatus_SaysWhy()
    {
        var chip = Render<JitStatusChip>(p => p.Add(c => c.Facts, UnknownFacts));

        Assert.Contains(Reason, chip.Find("[data-testid=jit-unknown]").GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Equal("?", MachinesPage.ImpactText(null));
    }

    [Fact]
    public void UnknownPort_SaysWhyOnHover_NeitherOpenNorClosed()
    {
        var ports = Render<PortChips>(p => p.Add(c => c.Ports, UnknownFacts.Ports));

        Assert.Contains($"exposure unknown: {Reason}", ports.Find(".jd-port-chip-unknown").GetAttribute("title"), StringComparison.Ordinal);
        Assert.Empty(ports.FindAll(".jd-port-chip-closed"));
        Assert.Empty(ports.FindAll(".jd-port-chip-open"));
    }
}
