using JitDashboard.Platform;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;


namespace JitDashboard.Hosting;

public static class SettingsExtensions
{
    /// <summary>
    /// Layers the repo-root <c>appsettings.json</c> (the deployment's settings) over the project's defaults and
    /// binds and validates every option class, so that a bad configuration stops start-up with the whole list.
    /// </summary>
    public static WebApplicationBuilder AddJitDashboardSettings(this WebApplicationBuilder builder)
    {
        // Hosted by another project (the DevHost), the content root is that project's: the app's own defaults (quiet
        // log levels among them) are then the copy beside the app's assembly.
        var appDefaults = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) && File.Exists(appDefaults))
            InsertAfterDefaults(builder.Configuration, appDefaults);
        var rootSettings = FindRootSettingsFile(builder.Environment.ContentRootPath, AppContext.BaseDirectory);
        if (rootSettings is not null)
            InsertAfterDefaults(builder.Configuration, rootSettings);

        // No --urls, ASPNETCORE_URLS or Kestrel endpoints: serve on loopback rather than Kestrel's localhost:5000.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpsPortsKey])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }

        // Relative file paths may be written relative to where one runs the app, the project or the repo root.
        var baseDirectories = BaseDirectories(builder);
        var services = builder.Services;
        services.PostConfigure<ArmOptions>(o => ResolvePaths(o, baseDirectories));
        services.PostConfigure<JitDashboardSettings>(o => ResolvePaths(o.Arm, baseDirectories));
        services.AddOptions<DashboardOptions>().Configure<IConfiguration, IServiceProvider>((o, c, sp) => o.Mode = ParseMode(c["Mode"]) ?? DefaultMode(HostProvidesSimulator(sp)));
        services.AddOptions<ArmOptions>().BindConfiguration(ArmOptions.SectionName);
        services.AddOptions<AzureAdSettings>().BindConfiguration(AzureAdSettings.SectionName);
        services.AddOptions<AuthenticationSettings>().BindConfiguration(AuthenticationSettings.SectionName);
        // Mode, Arm, AzureAd and Authentication are validated together (one list of every problem), as JitDashboardSettings.
        services.AddValidatedOptions<JitDashboardSettings, JitDashboardSettingsValidator>()
            .Configure<IConfiguration, IServiceProvider>((o, c, sp) => Bind(o, c, HostProvidesSimulator(sp)));
        return builder;
    }

    /// <summary>
    /// Where relative file settings are looked for, in order: the working directory, the content root and the
    /// repository root (when running from a checkout).
    /// </summary>
    public static string?[] BaseDirectories(WebApplicationBuilder builder)
        => [Environment.CurrentDirectory, builder.Environment.ContentRootPath, SolutionRoot.Find(builder.Environment.ContentRootPath, AppContext.BaseDirectory)];

    /// <summary><c>Mode</c> when unset: Simulator when the host supplies a stand-in for Azure (the DevHost), else Azure.</summary>
    public static DashboardMode DefaultMode(bool hostProvidesSimulator) => hostProvidesSimulator ? DashboardMode.Simulator : DashboardMode.Azure;

    private static bool HostProvidesSimulator(IServiceProvider services) => services.GetService<IArmEnvironmentProvider>() is not null;

    /// <summary>
    /// Binds the combined settings the validator checks. <paramref name="hostProvidesSimulator"/>: whether the host
    /// registered an <see cref="IArmEnvironmentProvider"/> (the DevHost); it makes Simulator the default mode.
    /// </summary>
    public static void Bind(JitDashboardSettings settings, IConfiguration configuration, bool hostProvidesSimulator = false)
    {
        var mode = configuration["Mode"];
        var parsed = ParseMode(mode);
        settings.HostProvidesSimulator = hostProvidesSimulator;
        settings.Dashboard.Mode = parsed ?? DefaultMode(hostProvidesSimulator);
        settings.InvalidMode = string.IsNullOrWhiteSpace(mode) || parsed is not null ? null : mode;
        var credential = configuration["Arm:Credential"];
        settings.InvalidCredential = string.IsNullOrWhiteSpace(credential) || (Enum.TryParse<ArmCredentialKind>(credential, true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(credential, out _)) ? null : credential;
        var armSection = configuration.GetSection(ArmOptions.SectionName);
        if (settings.InvalidCredential is null)
        {
            armSection.Bind(settings.Arm);
        }
        else
        {
            // The binder throws on an unknown enum value; leave it out so that the validator can list it with the rest.
            var rest = armSection.AsEnumerable(makePathsRelative: true)
                .Where(p => !string.Equals(p.Key, "Credential", StringComparison.OrdinalIgnoreCase));
            new ConfigurationBuilder().AddInMemoryCollection(rest).Build().Bind(settings.Arm);
        }
        configuration.GetSection(AzureAdSettings.SectionName).Bind(settings.AzureAd);
        configuration.GetSection(AuthenticationSettings.SectionName).Bind(settings.Authentication);

        // A secret in a settings file would end up in the repo: only environment variables, the command line or
        // user secrets may carry it.
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider>())
            {
                if (provider.TryGet("AzureAd:ClientSecret", out var secret) && !string.IsNullOrWhiteSpace(secret))
                    settings.FilesWithSecret.Add(provider.Source.Path ?? "appsettings.json");
            }
        }
    }

    private static void ResolvePaths(ArmOptions options, string?[] baseDirectories)
        => options.CertificateFile = ResolvePath(options.CertificateFile, baseDirectories);

    /// <summary>The first existing file among the base directories; otherwise the path unchanged (validation then names it).</summary>
    public static string? ResolvePath(string? path, params string?[] baseDirectories)
    {
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path))
            return string.IsNullOrWhiteSpace(path) ? null : path;
        foreach (var directory in baseDirectories)
        {
            if (directory is null)
                continue;
            var candidate = Path.GetFullPath(Path.Combine(directory, path));
            if (File.Exists(candidate))
                return candidate;
        }

        return path;
    }

    private static DashboardMode? ParseMode(string? value)
        => Enum.TryParse<DashboardMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _) ? mode : null;

    private static string? FindRootSettingsFile(params string[] startDirectories)
    {
        var root = SolutionRoot.Find(startDirectories);
        return root is null ? null : Path.Combine(root, "appsettings.json");
    }

    /// <summary>
    /// Inserts the file right after the last appsettings*.json source so that environment variables and the
    /// command line, added after them by the host, still win.
    /// </summary>
    private static void InsertAfterDefaults(ConfigurationManager configuration, string path)
    {
        IConfigurationBuilder cb = configuration;
        var sources = cb.Sources;
        var lastJson = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } p } && Path.GetFileName(p).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
                lastJson = i;
        }

        var directory = Path.GetDirectoryName(path)!;
        var source = new JsonConfigurationSource
        {
            Path = Path.GetFileName(path),
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(directory),
        };

        // ConfigurationManager rebuilds its providers when the source list changes.
        sources.Insert(lastJson + 1, source);
    }
}
