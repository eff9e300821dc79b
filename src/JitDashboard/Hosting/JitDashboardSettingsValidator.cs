using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>
/// The option classes validated together, so that one start-up failure lists every problem by key.
/// </summary>
public sealed class JitDashboardSettings
{
    public DashboardOptions Dashboard { get; set; } = new();
    public ArmOptions Arm { get; set; } = new();
    public AzureAdSettings AzureAd { get; set; } = new();
    public AuthenticationSettings Authentication { get; set; } = new();

    /// <summary>The raw <c>Arm:Credential</c> value when it names no credential kind.</summary>
    public string? InvalidCredential { get; set; }

    /// <summary>The settings files (in the repo) that hold an <c>AzureAd:ClientSecret</c>.</summary>
    public IList<string> FilesWithSecret { get; } = [];

    /// <summary>The raw <c>Mode</c> value when it names no mode.</summary>
    public string? InvalidMode { get; set; }

    /// <summary>
    /// Whether the host supplies a stand-in for Azure (<see cref="Azure.IArmEnvironmentProvider"/>: the DevHost's
    /// simulator). Decides <c>Mode</c>'s default; without one, <c>Mode=Simulator</c> is refused.
    /// </summary>
    public bool HostProvidesSimulator { get; set; }
}

/// <summary>
/// A host's own settings checks (the DevHost checks its <c>Simulator</c> section here), run with the app's so that
/// one start-up failure still lists every problem by key.
/// </summary>
public interface IJitDashboardSettingsCheck
{
    /// <summary>Adds one message per problem, each starting with the key it concerns.</summary>
    void Check(JitDashboardSettings settings, ICollection<string> errors);
}

/// <summary>Collects every configuration error, each naming its key, the host's own checks included.</summary>
public sealed class JitDashboardSettingsValidator(IEnumerable<IJitDashboardSettingsCheck> hostChecks) : IValidateOptions<JitDashboardSettings>
{
    /// <summary>The production app (no stand-in for Azure) started with <c>Mode=Simulator</c>.</summary>
    public const string SimulatorModeWithoutHostMessage =
        "Mode is Simulator, but this app has no simulator: the production app talks to Azure only. Set Mode=Azure "
        + "(the default) with AzureAd:TenantId and AzureAd:ClientId, or run the dashboard with its simulator: "
        + "dotnet run --project src/JitDashboard.DevHost";

    private static readonly System.Text.RegularExpressions.Regex ApiVersionPattern =
        new(@"^\d{4}-\d{2}-\d{2}(-preview)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex GuidPattern =
        new(@"^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public ValidateOptionsResult Validate(string? name, JitDashboardSettings options)
    {
        var errors = Collect(options);
        foreach (var check in hostChecks)
            check.Check(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every error, each starting with the key it concerns.</summary>
    public static List<string> Collect(JitDashboardSettings options)
    {
        var errors = new List<string>();
        var arm = options.Arm;

        if (options.InvalidMode is not null)
            errors.Add($"Mode must be Simulator or Azure, not '{options.InvalidMode}'");

        if (options.Dashboard.Mode == DashboardMode.Simulator && !options.HostProvidesSimulator)
            errors.Add(SimulatorModeWithoutHostMessage);

        // Arm section.
        if (!string.IsNullOrWhiteSpace(arm.Endpoint) && !IsHttpsUrl(arm.Endpoint))
            errors.Add($"Arm:Endpoint must be an absolute https URL, not '{arm.Endpoint}'");
        if (!string.IsNullOrWhiteSpace(arm.CertificateFile) && string.IsNullOrWhiteSpace(arm.Endpoint))
            errors.Add("Arm:CertificateFile is set but Arm:Endpoint is not");
        CheckFile(errors, "Arm:CertificateFile", arm.CertificateFile);
        if (!string.IsNullOrWhiteSpace(arm.Audience) && !Uri.TryCreate(arm.Audience, UriKind.Absolute, out _))
            errors.Add($"Arm:Audience must be an absolute URI, not '{arm.Audience}'");

        for (var i = 0; i < arm.SubscriptionIds.Count; i++)
        {
            if (!GuidPattern.IsMatch(arm.SubscriptionIds[i] ?? ""))
                errors.Add($"Arm:SubscriptionIds:{i} must be a subscription GUID, not '{arm.SubscriptionIds[i]}'");
        }

        CheckIdentity(errors, options);

        CheckApiVersion(errors, "Arm:ApiVersions:Compute", arm.ApiVersions.Compute);
        CheckApiVersion(errors, "Arm:ApiVersions:Network", arm.ApiVersions.Network);
        CheckApiVersion(errors, "Arm:ApiVersions:Security", arm.ApiVersions.Security);
        CheckApiVersion(errors, "Arm:ApiVersions:Jit", arm.ApiVersions.Jit);
        CheckApiVersion(errors, "Arm:ApiVersions:Assessments", arm.ApiVersions.Assessments);

        if (arm.MaxConcurrency is < 1 or > 64)
            errors.Add($"Arm:MaxConcurrency must be between 1 and 64, not {arm.MaxConcurrency}");
        if (arm.MaxRetries is < 0 or > 20)
            errors.Add($"Arm:MaxRetries must be between 0 and 20, not {arm.MaxRetries}");
        if (arm.NetworkTimeoutSeconds is < 1 or > 600)
            errors.Add($"Arm:NetworkTimeoutSeconds must be between 1 and 600, not {arm.NetworkTimeoutSeconds}");

        return errors;
    }

    private static void CheckIdentity(List<string> errors, JitDashboardSettings options)
    {
        var ad = options.AzureAd;
        var arm = options.Arm;
        foreach (var file in options.FilesWithSecret)
            errors.Add($"AzureAd:ClientSecret must come from the environment (AzureAd__ClientSecret), not from the file '{file}'");
        if (options.InvalidCredential is not null)
            errors.Add($"Arm:Credential must be ManagedIdentity, WorkloadIdentity, ClientSecret or AzureCli, not '{options.InvalidCredential}'");
        if (options.Authentication.BackchannelTimeoutSeconds is < 1 or > 120)
            errors.Add($"Authentication:BackchannelTimeoutSeconds must be between 1 and 120, not {options.Authentication.BackchannelTimeoutSeconds}");
        if (!string.IsNullOrWhiteSpace(ad.Instance) && !IsHttpsUrl(ad.Instance))
            errors.Add($"AzureAd:Instance must be an absolute https URL, not '{ad.Instance}'");
        if (options.Dashboard.Mode != DashboardMode.Azure)
            return;

        // Azure mode: sign-in and the API need a real app registration.
        if (string.IsNullOrWhiteSpace(ad.TenantId))
            errors.Add("AzureAd:TenantId is required in Azure mode (the directory id of the app registration)");
        if (string.IsNullOrWhiteSpace(ad.ClientId))
            errors.Add("AzureAd:ClientId is required in Azure mode (the app registration's application id)");
        else if (!GuidPattern.IsMatch(ad.ClientId))
            errors.Add($"AzureAd:ClientId must be a GUID, not '{ad.ClientId}'");
        if (arm.Credential == ArmCredentialKind.ClientSecret && string.IsNullOrWhiteSpace(ad.ClientSecret))
            errors.Add("AzureAd:ClientSecret is required when Arm:Credential is ClientSecret; set it in the environment (AzureAd__ClientSecret)");
        if (arm.Credential != ArmCredentialKind.ManagedIdentity && !string.IsNullOrWhiteSpace(arm.ManagedIdentityClientId))
            errors.Add($"Arm:ManagedIdentityClientId is set but Arm:Credential is {arm.Credential}, not ManagedIdentity");
    }

    /// <summary>An absolute https URL.</summary>
    public static bool IsHttpsUrl(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>Adds "<paramref name="key"/> '...' does not exist" when a file setting names a missing file.</summary>
    public static void CheckFile(ICollection<string> errors, string key, string? path)
    {
        if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            errors.Add($"{key} '{path}' does not exist");
    }

    private static void CheckApiVersion(List<string> errors, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !ApiVersionPattern.IsMatch(value))
            errors.Add($"{key} must look like 2024-03-01, not '{value}'");
    }
}
