using System.Text.Json;
using System.Text.RegularExpressions;
using JitDashboard.Testing;

namespace JitDashboard.UnitTests.Deploy;

/// <summary>Offline checks of deploy/main.bicep, the role files, the README's parameter table and the Dockerfile.</summary>
public sealed partial class DeploymentArtifactsTests
{
    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine([RepoPaths.Root, .. parts]));

    private static readonly string Bicep = Read("deploy", "main.bicep");

    [Fact]
    public void Template_LoadsBothRoleFiles_AndAssignsTheChosenOneAtSubscriptionScope()
    {
        Assert.Contains("loadJsonContent('roles/jitdashboard-operator.json')", Bicep, StringComparison.Ordinal);
        Assert.Contains("loadJsonContent('roles/jitdashboard-reader.json')", Bicep, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "deploy", "roles", "jitdashboard-operator.json")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "deploy", "roles", "jitdashboard-reader.json")));
        // The module gets the loaded actions, not a hand-copied list that could drift.
        Assert.Contains("actions: role.Actions", Bicep, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Security/locations/jitNetworkAccessPolicies", Bicep, StringComparison.Ordinal);
        Assert.Matches(@"param roleKind string = 'operator'", Bicep);

        var module = Read("deploy", "modules", "subscription-role.bicep");
        Assert.Contains("targetScope = 'subscription'", module, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Authorization/roleDefinitions@", module, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Authorization/roleAssignments@", module, StringComparison.Ordinal);
        Assert.Contains("assignableScopes: [\n      subscription().id", module.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("scope: subscription()", Bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_IsHttpsOnly_Tls12_ManagedIdentity_AndProbesReadiness()
    {
        Assert.Contains("httpsOnly: true", Bicep, StringComparison.Ordinal);
        Assert.Contains("minTlsVersion: '1.2'", Bicep, StringComparison.Ordinal);
        Assert.Contains("type: 'SystemAssigned'", Bicep, StringComparison.Ordinal);
        Assert.Contains($"healthCheckPath: '{JitDashboard.Hosting.HealthExtensions.ReadyPath}'", Bicep, StringComparison.Ordinal);
        Assert.Contains("webSocketsEnabled: true", Bicep, StringComparison.Ordinal);
        Assert.Contains("clientAffinityEnabled: true", Bicep, StringComparison.Ordinal);
        Assert.Contains("{ name: 'Mode', value: 'Azure' }", Bicep, StringComparison.Ordinal);
        Assert.Contains("{ name: 'Arm__Credential', value: 'ManagedIdentity' }", Bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_HoldsNoSecrets_AndSecretParametersAreSecure()
    {
        var lines = Bicep.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = ParamPattern().Match(lines[i]);
            if (!match.Success || !Regex.IsMatch(match.Groups[1].Value, "password|secret", RegexOptions.IgnoreCase))
                continue;
            Assert.True(lines[i - 1].Trim() == "@secure()", $"{match.Groups[1].Value} must be @secure()");
            Assert.Matches(@"= ''\s*$|^param \w+ string\s*$", lines[i].Trim());
        }

        // The database connection string reaches the app only as a Key Vault reference.
        Assert.Contains("'@Microsoft.KeyVault(SecretUri=${connectionSecret.properties.secretUri})'", Bicep, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"name: 'AzureAd__ClientSecret'", Bicep);
    }

    [Fact]
    public void EveryAppSettingTheTemplateWrites_IsARealSetting()
    {
        using var settings = JsonDocument.Parse(Read("appsettings.json"), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var names = AppSettingPattern().Matches(Bicep).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("AzureAd__TenantId", names);
        foreach (var name in names)
        {
            if (name.StartsWith("ASPNETCORE_", StringComparison.Ordinal))
                continue;
            var path = name.Split("__");
            if (path[^1].StartsWith("${", StringComparison.Ordinal))
                path = path[..^1];
            var element = settings.RootElement;
            foreach (var key in path)
                Assert.True(element.TryGetProperty(key, out element), $"App setting {name}: no '{string.Join(':', path)}' in the root appsettings.json");
        }
    }

    [Fact]
    public void ReadmeDocumentsExactlyTheTemplatesParameters()
    {
        var parameters = ParamPattern().Matches(Bicep).Select(m => m.Groups[1].Value).Order().ToList();
        var readme = Read("README.md");
        var section = readme[readme.IndexOf("## Production", StringComparison.Ordinal)..];
        var table = section[section.IndexOf("| parameter |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        var documented = ReadmeRowPattern().Matches(table).Select(m => m.Groups[1].Value).Order().ToList();
        Assert.NotEmpty(parameters);
        Assert.Equal(parameters, documented);
    }

    [Fact]
    public void Dockerfile_IsMultiStage_NonRoot_WithAHealthCheck_AndNoSecrets()
    {
        var lines = Read("Dockerfile").ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.True(froms.Count >= 2, "multi-stage");
        Assert.Contains("dotnet/sdk:10.0", froms[0], StringComparison.Ordinal);
        Assert.Contains("dotnet/aspnet:10.0", froms[^1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("COPY --from=build", StringComparison.Ordinal));

        // The last USER of the final stage is not root.
        var final = lines[lines.LastIndexOf(froms[^1])..];
        var user = final.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.True(final.FindLastIndex(l => l.StartsWith("USER ", StringComparison.Ordinal)) < final.FindIndex(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));

        Assert.Contains(final, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        Assert.Contains(final, l => l.Contains(JitDashboard.Hosting.HealthExtensions.LivePath, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"^(ENV|ARG)\b.*(PASSWORD|SECRET|CONNECTIONSTRING|TOKEN)", RegexOptions.IgnoreCase));

        var ignore = Read(".dockerignore");
        foreach (var excluded in new[] { "**/bin/", "**/obj/", ".git/", "data/", "*.db", "artifacts/" })
            Assert.Contains(excluded, ignore, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^param (\w+) ", RegexOptions.Multiline)]
    private static partial Regex ParamPattern();

    [GeneratedRegex(@"\{ name: '([A-Za-z_]+(?:__[A-Za-z_${}]+)*)', value:")]
    private static partial Regex AppSettingPattern();

    [GeneratedRegex(@"^\| `(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRowPattern();
}
