using JitDashboard.Features.Access;
using JitDashboard.Features.Automation;
using JitDashboard.Features.Policies;
using JitDashboard.Hosting;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JitDashboard.UnitTests.Hosting;

/// <summary>The sections' IValidateOptions classes: defaults pass, and each problem is listed with the words it always had.</summary>
public class SectionValidatorsTests
{
    private static List<string> Errors<T>(IValidateOptions<T> validator, T options) where T : class
        => validator.Validate(null, options).Failures?.ToList() ?? [];

    private static readonly IConfiguration NoConfiguration = new ConfigurationBuilder().Build();

    [Fact]
    public void Defaults_Pass()
    {
        Assert.Empty(Errors(new EstateOptionsValidator(), new EstateOptions()));
        Assert.Empty(Errors(new AccessOptionsValidator(), new AccessOptions()));
        Assert.Empty(Errors(new AutomationOptionsValidator(), new AutomationOptions()));
        Assert.Empty(Errors(new PoliciesOptionsValidator(), new PoliciesOptions()));
        Assert.Empty(Errors(new ForwardedHeadersSettingsValidator(), new ForwardedHeadersSettings()));
        Assert.Empty(Errors(new HardeningOptionsValidator(), new HardeningOptions()));
        Assert.Empty(Errors(new HealthOptionsValidator(), new HealthOptions()));
        Assert.Empty(Errors(new TelemetryOptionsValidator(NoConfiguration), new TelemetryOptions()));
    }

    [Fact]
    public void Estate_ListsEveryProblem()
        => Assert.Equal(
            ["Estate:ManagementPorts must hold ports from 1 to 65535.", "Estate:RefreshInterval must be at least 00:00:30."],
            Errors(new EstateOptionsValidator(), new EstateOptions { ManagementPorts = [0], RefreshInterval = TimeSpan.FromSeconds(1) }));

    [Fact]
    public void Access_ListsEveryProblem()
        => Assert.Equal(
            [
                "Access:PendingExpiry must be at least 00:01:00.",
                "Access:ExpiryWarning must not be negative.",
                "Access:PollInterval must be at least 00:00:00.1.",
                "Access:MaxInitiateAttempts must be from 1 to 10.",
                "Access:ClaimTimeout must be at least 00:00:10.",
                "Access:DurationPresets must be ISO 8601 durations such as PT1H.",
            ],
            Errors(new AccessOptionsValidator(), new AccessOptions
            {
                PendingExpiry = TimeSpan.Zero,
                ExpiryWarning = TimeSpan.FromMinutes(-1),
                PollInterval = TimeSpan.Zero,
                MaxInitiateAttempts = 0,
                ClaimTimeout = TimeSpan.Zero,
                DurationPresets = ["an hour"],
            }));

    [Fact]
    public void Automation_ListsEveryProblem()
        => Assert.Equal(
            [
                "Automation:CheckInterval must be at least 00:00:00.1.",
                "Automation:LeaseDuration must be at least 00:00:01.",
                "Automation:LeaseRenewInterval must be positive and shorter than Automation:LeaseDuration.",
                "Automation:WebhookSecretHeader must name a header.",
            ],
            Errors(new AutomationOptionsValidator(), new AutomationOptions
            {
                CheckInterval = TimeSpan.Zero,
                LeaseDuration = TimeSpan.Zero,
                LeaseRenewInterval = TimeSpan.Zero,
                WebhookSecretHeader = " ",
            }));

    [Fact]
    public void Policies_ListsEveryProblem()
        => Assert.Equal(
            ["Policies:MaxConcurrency must be from 1 to 64.", "Policies:MaxAttempts must be from 1 to 10.", "Policies:PollInterval must be at least 00:00:00.1."],
            Errors(new PoliciesOptionsValidator(), new PoliciesOptions { MaxConcurrency = 65, MaxAttempts = 0, PollInterval = TimeSpan.Zero }));

    [Fact]
    public void ForwardedHeaders_KeepsItsSummary_ThenNamesEachEntry()
    {
        var errors = Errors(new ForwardedHeadersSettingsValidator(), new ForwardedHeadersSettings { KnownProxies = ["proxy.local"], ForwardLimit = 0 });

        Assert.Equal(ForwardedHeadersSettingsValidator.Summary, errors[0]);
        Assert.Contains("Hosting:ForwardedHeaders:KnownProxies: 'proxy.local' is not an IP address.", errors);
        Assert.Contains("Hosting:ForwardedHeaders:ForwardLimit must be from 1 to 10.", errors);
    }

    [Fact]
    public void Hardening_NamesEachKey_NestedRateLimitIncluded()
        => Assert.Equal(
            [
                "Hardening:HttpsPort must be from 1 to 65535, not 0.",
                "Hardening:MaxApiRequestBodyBytes must be from 1024 to 104857600, not 10.",
                "Hardening:RateLimit:PermitLimit must be from 0 (no limit) to 1000000, not -1.",
                "Hardening:RateLimit:Window must be positive, not 00:00:00.",
            ],
            Errors(new HardeningOptionsValidator(), new HardeningOptions
            {
                HttpsPort = 0,
                MaxApiRequestBodyBytes = 10,
                RateLimit = new RateLimitSettings { PermitLimit = -1, Window = TimeSpan.Zero },
            }));

    [Fact]
    public void Health_NamesEachKey()
        => Assert.Equal(
            ["Health:ArmTimeout must be positive, not 00:00:00.", "Health:ArmCacheDuration must not be negative, not -00:00:01."],
            Errors(new HealthOptionsValidator(), new HealthOptions { ArmTimeout = TimeSpan.Zero, ArmCacheDuration = TimeSpan.FromSeconds(-1) }));

    [Fact]
    public void Telemetry_RefusesAnEndpointThatIsNoHttpUrl_FromTheSettingOrTheEnvironment()
    {
        Assert.Equal(
            ["OpenTelemetry:OtlpEndpoint must be an absolute http(s) URL, not 'collector:4317'."],
            Errors(new TelemetryOptionsValidator(NoConfiguration), new TelemetryOptions { OtlpEndpoint = "collector:4317" }));
        var environment = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "ftp://collector" }).Build();
        Assert.Single(Errors(new TelemetryOptionsValidator(environment), new TelemetryOptions()));
        Assert.Empty(Errors(new TelemetryOptionsValidator(NoConfiguration), new TelemetryOptions { OtlpEndpoint = "http://127.0.0.1:4317" }));
    }
}
