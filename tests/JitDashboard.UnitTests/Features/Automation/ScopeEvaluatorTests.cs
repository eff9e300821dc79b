using JitDashboard.Features.Automation;
using static JitDashboard.UnitTests.Features.Automation.AutomationTestData;

namespace JitDashboard.UnitTests.Features.Automation;

public sealed class ScopeEvaluatorTests
{
    private static readonly IReadOnlyList<global::JitDashboard.Platform.Estate.EstateMachine> Estate =
    [
        Machine("vm-1", SubA, "rg-web", new() { ["env"] = "prod" }),
        Machine("vm-2", SubA, "rg-db", new() { ["env"] = "dev", ["jit-exempt"] = "true" }),
        Machine("vm-3", SubB, "RG-WEB", new() { ["ENV"] = "Prod" }),
        Machine("vm-4", SubB, "rg-other"),
    ];

    private static List<string> Names(AutomationRule rule) => ScopeEvaluator.Evaluate(rule, Estate).Select(s => s.Machine.Name).ToList();

    [Fact]
    public void EmptyScope_MatchesEverything()
    {
        Assert.Equal(["vm-1", "vm-2", "vm-3", "vm-4"], Names(Rule()));
    }

    [Fact]
    public void Subscriptions_ResourceGroups_AndTags_AllMustMatch_CaseInsensitively()
    {
        Assert.Equal(["vm-3", "vm-4"], Names(Rule(subscriptions: [SubB])));
        Assert.Equal(["vm-1", "vm-3"], Names(Rule(groups: ["rg-web"])));
        Assert.Equal(["vm-1", "vm-3"], Names(Rule(tags: new() { ["env"] = "prod" })));
        Assert.Equal(["vm-3"], Names(Rule(subscriptions: [SubB], groups: ["rg-web"], tags: new() { ["env"] = "prod" })));
        Assert.Equal(["vm-1", "vm-2", "vm-3"], Names(Rule(tags: new() { ["env"] = "*" })));
    }

    [Fact]
    public void ScopeMatchingNothing_IsEmpty()
    {
        Assert.Empty(Names(Rule(groups: ["rg-nowhere"])));
    }

    [Fact]
    public void Exclusions_ByTag_AndById_AreReportedWithTheReason()
    {
        var rule = Rule(excludeTags: new() { ["jit-exempt"] = "true" }, excludeIds: [Estate[3].Id.ToUpperInvariant()]);
        var scoped = ScopeEvaluator.Evaluate(rule, Estate).ToDictionary(s => s.Machine.Name, s => s.ExcludedBecause);

        Assert.Null(scoped["vm-1"]);
        Assert.Equal("Excluded by tag jit-exempt=true.", scoped["vm-2"]);
        Assert.Null(scoped["vm-3"]);
        Assert.Contains("excluded machines", scoped["vm-4"]);
    }
}
