using System.Text.Json;
using System.Xml.Linq;
using JitDashboard.Hosting;
using JitDashboard.Platform.Arm;
using JitDashboard.Testing;

namespace JitDashboard.UnitTests.Hosting;

/// <summary>
/// The simulator lives in the DevHost, never in the production app: not referenced by its assembly or project, not
/// in its dependency manifest (so not in its publish output), not built into its Docker image; and the production
/// app's Mode defaults to Azure.
/// </summary>
public class ProductionPackagingTests
{
    private static readonly System.Reflection.Assembly Production = typeof(JitDashboard.Components.App).Assembly;

    [Fact]
    public void TheProductionAssembly_ReferencesNoSimulatorOrDevHostAssembly()
    {
        var referenced = Production.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        Assert.Contains("Azure.ResourceManager", referenced);
        Assert.DoesNotContain(referenced, name => name.Contains("Simulator", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(referenced, name => name.Contains("DevHost", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void TheProductionAssembly_HoldsNoSimulatorTypes()
    {
        var types = Production.GetTypes();

        Assert.DoesNotContain(types, t => (t.Namespace ?? "").StartsWith("JitDashboard.Simulator", StringComparison.Ordinal));
        Assert.DoesNotContain(types, t => (t.Namespace ?? "").StartsWith("JitDashboard.DevHost", StringComparison.Ordinal));
        Assert.DoesNotContain(types, t => t.Name.Contains("SimulatorHost", StringComparison.Ordinal) || t.Name == "SimulatorCredential");
    }

    [Fact]
    public void TheProductionProject_ReferencesNoOtherProject_AndTheDevHostReferencesBoth()
    {
        var production = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "JitDashboard", "JitDashboard.csproj"));
        var devHost = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "JitDashboard.DevHost", "JitDashboard.DevHost.csproj"));

        Assert.Empty(production.Descendants("ProjectReference"));
        var devReferences = devHost.Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include") ?? "").ToList();
        Assert.Contains(devReferences, r => r.EndsWith("JitDashboard.csproj", StringComparison.Ordinal));
        Assert.Contains(devReferences, r => r.EndsWith("JitDashboard.Simulator.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void TheProductionDependencyManifest_ListsNoSimulator_SoItsPublishOutputHasNone()
    {
        // dotnet publish copies what the app's deps.json lists; the build puts it beside the tests.
        var path = Path.Combine(AppContext.BaseDirectory, "JitDashboard.deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(path));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains(libraries, l => l.StartsWith("JitDashboard/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("JitDashboard.Simulator", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("JitDashboard.DevHost", StringComparison.Ordinal));
    }

    [Fact]
    public void TheDockerfile_BuildsAndPublishesTheProductionProjectOnly()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));
        var instructions = dockerfile.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).ToList();

        Assert.Contains(instructions, l => l.Contains("dotnet publish src/JitDashboard/JitDashboard.csproj", StringComparison.Ordinal));
        Assert.DoesNotContain(instructions, l => l.Contains("Simulator", StringComparison.Ordinal) && !l.Contains("Mode=", StringComparison.Ordinal));
        Assert.DoesNotContain(instructions, l => l.Contains("DevHost", StringComparison.Ordinal));
        Assert.DoesNotContain(instructions, l => l.Contains("COPY src/ src/", StringComparison.Ordinal));
        Assert.Contains(instructions, l => l.Contains("ENTRYPOINT [\"dotnet\", \"JitDashboard.dll\"]", StringComparison.Ordinal));
    }

    [Fact]
    public void Mode_DefaultsToAzure_InTheProductionApp()
    {
        Assert.Equal(DashboardMode.Azure, new DashboardOptions().Mode);
        Assert.Equal(DashboardMode.Azure, default(DashboardMode));
        Assert.Equal(DashboardMode.Azure, JitDashboard.Hosting.SettingsExtensions.DefaultMode(hostProvidesSimulator: false));
        Assert.Equal(DashboardMode.Simulator, JitDashboard.Hosting.SettingsExtensions.DefaultMode(hostProvidesSimulator: true));

        // Nothing in the production project's own settings file turns it back to Simulator.
        var appSettings = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "JitDashboard", "appsettings.json"));
        Assert.DoesNotContain("\"Mode\"", appSettings, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidSettings_AreDescribedOneKeyPerLine_WithTheWayToTheDevHost()
    {
        var failure = new Microsoft.Extensions.Options.OptionsValidationException("JitDashboardSettings", typeof(JitDashboardSettings),
            ["AzureAd:TenantId is required in Azure mode (the directory id of the app registration)", "AzureAd:ClientId is required in Azure mode (the app registration's application id)"]);

        var lines = JitDashboard.Hosting.JitDashboardApp.DescribeInvalidSettings(failure).Split(Environment.NewLine);

        Assert.Equal("JitDashboard cannot start: the settings are invalid.", lines[0]);
        Assert.Equal("  - AzureAd:TenantId is required in Azure mode (the directory id of the app registration)", lines[1]);
        Assert.StartsWith("  - AzureAd:ClientId is required", lines[2], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("dotnet run --project src/JitDashboard.DevHost", StringComparison.Ordinal));
    }
}
