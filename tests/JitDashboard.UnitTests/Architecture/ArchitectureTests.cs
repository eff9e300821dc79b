using System.Reflection;
using NetArchTest.Rules;

namespace JitDashboard.UnitTests.Architecture;

/// <summary>
/// Guards the layering of the README's architecture section, read from the compiled app (IL, method bodies
/// included, so a dependency hidden in a lambda counts): Platform knows no feature, features form a one-way graph
/// with no cycle, and SDK exceptions end at the ARM gateway.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Root = "JitDashboard";
    private const string Platform = Root + ".Platform";
    private const string Features = Root + ".Features";
    private static readonly Assembly App = typeof(JitDashboard.Platform.Arm.ArmFailure).Assembly;

    /// <summary>
    /// The only feature-to-feature edges there are (a feature uses another's page component, API or service). A new
    /// edge is a design decision: add it here only if the graph stays acyclic (the test below proves it does).
    /// </summary>
    private static readonly (string From, string To)[] AllowedFeatureEdges =
    [
        ("Machines", "Policies"),
        ("Machines", "Access"),
        ("Access", "Policies"),
        ("Automation", "Policies"),
        ("Posture", "Machines"),
        ("Posture", "Access"),
        ("Posture", "Policies"),
    ];

    public static TheoryData<string> FeatureNames() => [.. FeatureList()];

    private static IReadOnlyList<string> FeatureList() =>
        App.GetTypes().Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith(Features + ".", StringComparison.Ordinal))
            .Select(n => n[(Features.Length + 1)..].Split('.')[0])
            .Distinct().Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Platform_DependsOnNoFeature_NorOnTheShell()
    {
        var result = Types.InAssembly(App).That().ResideInNamespace(Platform)
            .ShouldNot().HaveDependencyOnAny(Features, Root + ".Hosting", Root + ".Components")
            .GetResult();
        Assert.True(result.IsSuccessful, "Platform types that reach a feature or the shell: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void TheFeatures_AreTheExpectedSet()
    {
        // Guards the test itself: a renamed or new feature must be placed in the graph on purpose.
        Assert.Equal(["Access", "Audit", "Automation", "Machines", "Notifications", "Policies", "Posture"], FeatureList());
    }

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void AFeature_DependsOnlyOnPlatform_AndItsAllowedFeatures(string feature)
    {
        var actual = FeatureList().Where(other => other != feature && DependsOn(feature, other)).ToList();
        var allowed = AllowedFeatureEdges.Where(e => e.From == feature).Select(e => e.To).ToList();
        Assert.True(actual.All(allowed.Contains),
            $"Features.{feature} depends on {string.Join(", ", actual.Except(allowed))} outside the allowed graph. Route it through Platform, or add the edge if it keeps the graph acyclic.");
        // The declared graph is the real one: an edge nobody uses any more is removed, so the picture stays true.
        Assert.True(allowed.All(actual.Contains), $"Declared edges Features.{feature} → {string.Join(", ", allowed.Except(actual))} are not used; remove them.");
    }

    [Fact]
    public void TheFeatureGraph_HasNoCycle()
    {
        var edges = AllowedFeatureEdges.ToLookup(e => e.From, e => e.To);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        foreach (var start in FeatureList())
            Visit(start, [start]);

        void Visit(string node, List<string> path)
        {
            if (state.GetValueOrDefault(node) == 2)
                return;
            state[node] = 1;
            foreach (var next in edges[node])
            {
                Assert.False(state.GetValueOrDefault(next) == 1, "Feature cycle: " + string.Join(" → ", path.Append(next)));
                Visit(next, [.. path, next]);
            }

            state[node] = 2;
        }
    }

    [Theory]
    [InlineData("Azure.RequestFailedException")]
    [InlineData("System.ClientModel.ClientResultException")]
    [InlineData("Azure.Identity.AuthenticationFailedException")]
    [InlineData("Azure.Identity.CredentialUnavailableException")]
    public void SdkExceptions_EndAtTheArmGateway(string sdkException)
    {
        var result = Types.InAssembly(App).That().DoNotResideInNamespace(Platform + ".Arm")
            .ShouldNot().HaveDependencyOn(sdkException)
            .GetResult();
        Assert.True(result.IsSuccessful, $"{sdkException} is seen above the ARM gateway in: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void TheGuard_SeesDependencies_InMethodBodies()
    {
        // The Arm gateway does catch RequestFailedException: if the rule above could not see it there, it would pass
        // for the wrong reason.
        var result = Types.InAssembly(App).That().ResideInNamespace(Platform + ".Arm")
            .ShouldNot().HaveDependencyOn("Azure.RequestFailedException").GetResult();
        Assert.False(result.IsSuccessful);
    }

    private static bool DependsOn(string feature, string other) =>
        !Types.InAssembly(App).That().ResideInNamespace($"{Features}.{feature}")
            .ShouldNot().HaveDependencyOn($"{Features}.{other}").GetResult().IsSuccessful;
}
