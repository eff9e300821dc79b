using JitDashboard.Hosting;
using JitDashboard.Platform.Arm;
using JitDashboard.DevHost;
using Microsoft.Extensions.Configuration;

namespace JitDashboard.UnitTests.Platform.Arm;

public class SettingsValidationTests
{
    /// <summary>The DevHost's view: the app's checks plus its Simulator section's (it supplies a simulator).</summary>
    private static List<string> Validate(params (string Key, string? Value)[] settings) => Validate(devHost: true, settings);

    /// <summary>The production app's view: no simulator, so Mode defaults to Azure.</summary>
    private static List<string> ValidateProduction(params (string Key, string? Value)[] settings) => Validate(devHost: false, settings);

    private static List<string> Validate(bool devHost, (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return Validate(devHost, configuration);
    }

    private static List<string> Validate(bool devHost, IConfiguration configuration)
    {
        var options = new JitDashboardSettings();
        SettingsExtensions.Bind(options, configuration, hostProvidesSimulator: devHost);
        var errors = JitDashboardSettingsValidator.Collect(options);
        if (devHost)
            SimulatorSettingsCheck.Check(configuration.GetSection(SimulatorSettings.SectionName).Get<SimulatorSettings>() ?? new(), options.Dashboard.Mode, errors);
        return errors;
    }

    [Fact]
    public void DevHostDefaults_AreValid()
    {
        Assert.Empty(Validate());
    }

    [Fact]
    public void ProductionDefaults_AreAzure_AndNameEveryMissingKey()
    {
        var errors = ValidateProduction();

        Assert.Equal(2, errors.Count);
        Assert.Contains("AzureAd:TenantId is required in Azure mode (the directory id of the app registration)", errors);
        Assert.Contains("AzureAd:ClientId is required in Azure mode (the app registration's application id)", errors);
        Assert.Empty(ValidateProduction(("AzureAd:TenantId", "contoso.onmicrosoft.com"), ("AzureAd:ClientId", "22222222-2222-4222-8222-222222222222")));
    }

    [Fact]
    public void SimulatorMode_InTheProductionApp_IsRefusedNamingModeAndTheDevHost()
    {
        var error = Assert.Single(ValidateProduction(("Mode", "Simulator")));

        Assert.Equal(JitDashboardSettingsValidator.SimulatorModeWithoutHostMessage, error);
        Assert.StartsWith("Mode is Simulator, but this app has no simulator", error, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/JitDashboard.DevHost", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SimulatorUrl_WithAzureMode_IsAContradiction()
    {
        var pem = Path.GetTempFileName();
        try
        {
            Assert.Contains("Simulator:Url is set but Mode is Azure; remove one", Validate(("Mode", "Azure"), ("AzureAd:TenantId", "t"),
                ("AzureAd:ClientId", "22222222-2222-4222-8222-222222222222"), ("Simulator:Url", "https://127.0.0.1:7443"), ("Simulator:CertificateFile", pem)));
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public void Defaults_HaveTheDocumentedValues()
    {
        var configuration = new ConfigurationBuilder().Build();
        var options = new JitDashboardSettings();
        SettingsExtensions.Bind(options, configuration);
        var devHost = new JitDashboardSettings();
        SettingsExtensions.Bind(devHost, configuration, hostProvidesSimulator: true);

        Assert.Equal(DashboardMode.Azure, new DashboardOptions().Mode);
        Assert.Equal(DashboardMode.Azure, options.Dashboard.Mode);
        Assert.Equal(DashboardMode.Simulator, devHost.Dashboard.Mode);
        Assert.Equal("2024-03-01", options.Arm.ApiVersions.Compute);
        Assert.Equal("2024-05-01", options.Arm.ApiVersions.Network);
        Assert.Equal("2020-01-01", options.Arm.ApiVersions.Security);
        Assert.Equal("2020-01-01", options.Arm.ApiVersions.Jit);
        Assert.Equal("2020-01-01", options.Arm.ApiVersions.Assessments);
        Assert.Equal(4, options.Arm.MaxConcurrency);
        Assert.Equal(5, options.Arm.MaxRetries);
        Assert.Empty(options.Arm.SubscriptionIds);
    }

    [Fact]
    public void StandaloneSimulator_WithExistingCertificate_IsValid()
    {
        var pem = Path.GetTempFileName();
        try
        {
            Assert.Empty(Validate(("Simulator:Url", "https://127.0.0.1:7443"), ("Simulator:CertificateFile", pem)));
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public void BadConfiguration_ListsEveryErrorByKey()
    {
        var errors = Validate(
            ("Mode", "Cloud"),
            ("Simulator:CertificateFile", "/nope/sim.pem"),
            ("Simulator:Estate", "/nope/estate.json"),
            ("Simulator:Generate", "vms=10"),
            ("Arm:Endpoint", "http://arm.local"),
            ("Arm:CertificateFile", "/nope/arm.pem"),
            ("Arm:Audience", "not a uri"),
            ("Arm:SubscriptionIds:0", "not-a-guid"),
            ("Arm:ApiVersions:Compute", "latest"),
            ("Arm:MaxConcurrency", "0"),
            ("Arm:MaxRetries", "-1"));

        Assert.Contains("Mode must be Simulator or Azure, not 'Cloud'", errors);
        Assert.Contains("Simulator:CertificateFile is set but Simulator:Url is not", errors);
        Assert.Contains("Simulator:CertificateFile '/nope/sim.pem' does not exist", errors);
        Assert.Contains("Simulator:Estate '/nope/estate.json' does not exist", errors);
        Assert.Contains("Simulator:Estate and Simulator:Generate are both set; choose one", errors);
        Assert.Contains("Arm:Endpoint must be an absolute https URL, not 'http://arm.local'", errors);
        Assert.Contains("Arm:CertificateFile '/nope/arm.pem' does not exist", errors);
        Assert.Contains("Arm:Audience must be an absolute URI, not 'not a uri'", errors);
        Assert.Contains("Arm:SubscriptionIds:0 must be a subscription GUID, not 'not-a-guid'", errors);
        Assert.Contains("Arm:ApiVersions:Compute must look like 2024-03-01, not 'latest'", errors);
        Assert.Contains("Arm:MaxConcurrency must be between 1 and 64, not 0", errors);
        Assert.Contains("Arm:MaxRetries must be between 0 and 20, not -1", errors);
        Assert.Equal(12, errors.Count);
    }

    [Fact]
    public void SimulatorUrl_WithoutCertificate_AndWithEmbeddedOnlySettings_IsRejected()
    {
        var errors = Validate(("Simulator:Url", "http://127.0.0.1:7443"), ("Simulator:Generate", "vms=10,subscriptions=1,seed=1"));

        Assert.Contains("Simulator:Url must be an absolute https URL, not 'http://127.0.0.1:7443'", errors);
        Assert.Contains(errors, e => e.StartsWith("Simulator:CertificateFile must be set when Simulator:Url is set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Simulator:Generate applies to the embedded simulator only", StringComparison.Ordinal));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void ArmCertificateFile_WithoutEndpoint_IsRejected()
    {
        var pem = Path.GetTempFileName();
        try
        {
            Assert.Equal(["Arm:CertificateFile is set but Arm:Endpoint is not"], Validate(("Arm:CertificateFile", pem)));
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public void Mode_IsCaseInsensitive()
    {
        Assert.Empty(Validate(("Mode", "azure"), ("AzureAd:TenantId", "contoso.onmicrosoft.com"), ("AzureAd:ClientId", "22222222-2222-4222-8222-222222222222")));
    }

    [Fact]
    public void AzureMode_MissingIdentity_ListsEveryKey()
    {
        var errors = Validate(("Mode", "Azure"), ("Arm:Credential", "ClientSecret"));

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("AzureAd:TenantId is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AzureAd:ClientId is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AzureAd:ClientSecret is required", StringComparison.Ordinal));
    }

    [Fact]
    public void AzureMode_ContradictionsAndBadValues_AreNamed()
    {
        var errors = Validate(("Mode", "Azure"), ("AzureAd:TenantId", "t"), ("AzureAd:ClientId", "not-a-guid"), ("AzureAd:Instance", "http://login.example/"),
            ("Arm:Credential", "WorkloadIdentity"), ("Arm:ManagedIdentityClientId", "33333333-3333-4333-8333-333333333333"));

        Assert.Contains("AzureAd:ClientId must be a GUID, not 'not-a-guid'", errors);
        Assert.Contains("AzureAd:Instance must be an absolute https URL, not 'http://login.example/'", errors);
        Assert.Contains("Arm:ManagedIdentityClientId is set but Arm:Credential is WorkloadIdentity, not ManagedIdentity", errors);
    }

    [Fact]
    public void UnknownCredentialKind_IsListedNotThrown()
    {
        Assert.Equal(["Arm:Credential must be ManagedIdentity, WorkloadIdentity, ClientSecret or AzureCli, not 'Password'"], Validate(("Arm:Credential", "Password")));
    }

    [Fact]
    public void SimulatorMode_NeedsNoIdentitySettings()
    {
        Assert.Empty(Validate(("Mode", "Simulator")));
    }

    [Fact]
    public void ClientSecret_InASettingsFile_IsRefused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"appsettings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "AzureAd": { "ClientSecret": "oops" } }""");
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

            var error = Assert.Single(Validate(devHost: true, configuration));
            Assert.StartsWith("AzureAd:ClientSecret must come from the environment", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SolutionDirectory_IsFoundAboveTheTestBinaries()
    {
        var root = JitDashboard.Platform.SolutionRoot.Find(AppContext.BaseDirectory);

        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "JitDashboard.sln")));
        Assert.True(File.Exists(Path.Combine(root, "appsettings.json")));
    }

    [Fact]
    public void RepoRootAppSettings_ParsesWithItsCommentsAndIsValid()
    {
        var root = JitDashboard.Platform.SolutionRoot.Find(AppContext.BaseDirectory)!;
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "appsettings.json"), optional: false).Build();
        var options = new JitDashboardSettings();
        SettingsExtensions.Bind(options, configuration, hostProvidesSimulator: true);
        var production = new JitDashboardSettings();
        SettingsExtensions.Bind(production, configuration);

        // The file leaves Mode to the host: Simulator in the DevHost (valid as it stands), Azure in the production app.
        Assert.Empty(Validate(devHost: true, configuration));
        Assert.Equal(DashboardMode.Simulator, options.Dashboard.Mode);
        Assert.Equal(DashboardMode.Azure, production.Dashboard.Mode);
        Assert.True(string.IsNullOrEmpty(configuration["Simulator:Url"]));
        Assert.Equal("2024-03-01", options.Arm.ApiVersions.Compute);
    }

    [Fact]
    public void AddJitDashboardSettings_LayersRootFileOverDefaults_ButUnderCommandLine()
    {
        var root = JitDashboard.Platform.SolutionRoot.Find(AppContext.BaseDirectory)!;
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(new Microsoft.AspNetCore.Builder.WebApplicationOptions
        {
            Args = ["--Arm:MaxRetries=7"],
            ContentRootPath = Path.Combine(root, "src", "JitDashboard"),
        });

        builder.AddJitDashboardSettings();

        IConfigurationBuilder configurationBuilder = builder.Configuration;
        var sources = configurationBuilder.Sources;
        var rootIndex = sources.ToList().FindIndex(s => s is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { FileProvider: Microsoft.Extensions.FileProviders.PhysicalFileProvider p } && p.Root.TrimEnd('/') == root.TrimEnd('/'));
        var environmentIndex = sources.ToList().FindLastIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
        Assert.True(rootIndex > 0, "the repo-root appsettings.json is a source");
        Assert.True(rootIndex < environmentIndex, "environment variables come after the repo-root file");
        Assert.Equal("7", builder.Configuration["Arm:MaxRetries"]);
        Assert.Equal("4", builder.Configuration["Arm:MaxConcurrency"]);
        Assert.True(string.IsNullOrEmpty(builder.Configuration["Mode"]), "the root file leaves Mode to the host's default");
    }

    [Fact]
    public void ResolvePath_FindsRelativeFilesUnderAnyBaseDirectory()
    {
        var root = JitDashboard.Platform.SolutionRoot.Find(AppContext.BaseDirectory)!;

        Assert.Equal(Path.Combine(root, "appsettings.json"), SettingsExtensions.ResolvePath("appsettings.json", "/nonexistent", root));
        Assert.Equal("missing.pem", SettingsExtensions.ResolvePath("missing.pem", root));
        Assert.Equal("/abs/file.pem", SettingsExtensions.ResolvePath("/abs/file.pem", root));
        Assert.Null(SettingsExtensions.ResolvePath("  ", root));
    }
}
