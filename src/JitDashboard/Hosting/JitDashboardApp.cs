using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Identity;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Work;
using JitDashboard.Features.Access;
using JitDashboard.Features.Audit;
using JitDashboard.Features.Machines;
using JitDashboard.Features.Notifications;
using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Automation;
using JitDashboard.Features.Policies;
using JitDashboard.Features.Posture;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>
/// The dashboard's composition, shared by the production entry point (<c>src/JitDashboard/Program.cs</c>) and any
/// host that adds to it (the DevHost registers its simulator as an <see cref="Azure.IArmEnvironmentProvider"/>
/// before calling <see cref="AddJitDashboard"/>).
/// </summary>
public static class JitDashboardApp
{
    /// <summary>Everything the dashboard registers, in order.</summary>
    public static WebApplicationBuilder AddJitDashboard(this WebApplicationBuilder builder)
    {
        // Settings: project defaults, then the repo-root appsettings.json, then environment and command line.
        builder.AddJitDashboardSettings();

        // Platform: the database and data-protection keys in it, the audit ledger, the ARM gateway, identity, the estate.
        builder.AddJitDashboardData();
        builder.AddAudit();

        // ARM: endpoint resolution (Azure's, or the host's stand-in in simulator mode), one ArmClient, typed clients.
        builder.AddArm();

        // Sign-in (cookie + OIDC) for pages, bearer tokens for the API, role policies.
        builder.AddJitDashboardAuth();

        builder.AddEstate();

        // Features.
        builder.AddMachines();
        builder.AddJitPolicies();
        builder.AddNotifications();
        builder.AddAccess();
        builder.AddAutomation();
        builder.AddPosture();

        // REST API: /api/v1, problem details, OpenAPI.
        builder.AddJitDashboardApi();

        // Production: security headers, rate limits, body limits, health checks, OpenTelemetry.
        builder.AddHardening();
        builder.AddHealth();
        builder.AddTelemetry();

        // Blazor Server + MudBlazor.
        builder.AddUi();
        return builder;
    }

    /// <summary>
    /// Builds the app, migrates the database, maps the pipeline and serves until shutdown. Invalid settings stop
    /// start-up: run as its own process, the app then prints every problem by key and returns exit code 1 (under a
    /// test host the exception propagates, so the test sees it).
    /// </summary>
    public static async Task<int> RunJitDashboardAsync(this WebApplicationBuilder builder)
    {
        var app = builder.Build();
        try
        {
            await app.Services.MigrateJitDashboardDatabaseAsync();
            app.MapJitDashboard();
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (FindValidationFailure(e) is { } failure && IsOwnProcess())
        {
            await Console.Error.WriteLineAsync(DescribeInvalidSettings(failure));
            return 1;
        }
    }

    /// <summary>The start-up message for invalid settings: one line per problem, each starting with its key.</summary>
    public static string DescribeInvalidSettings(OptionsValidationException failure)
    {
        var lines = new List<string> { "JitDashboard cannot start: the settings are invalid." };
        lines.AddRange(failure.Failures.Select(f => "  - " + f));
        lines.Add("Settings come from appsettings.json, the environment (Section__Key, e.g. AzureAd__TenantId) and the command line.");
        lines.Add("To run the dashboard locally with its simulator and demo estate (no Azure): dotnet run --project src/JitDashboard.DevHost");
        return string.Join(Environment.NewLine, lines);
    }

    private static OptionsValidationException? FindValidationFailure(Exception e) => e switch
    {
        OptionsValidationException v => v,
        AggregateException a => a.InnerExceptions.Select(FindValidationFailure).FirstOrDefault(v => v is not null),
        _ => e.InnerException is { } inner ? FindValidationFailure(inner) : null,
    };

    /// <summary>True when the app is the process (dotnet run, a container), not hosted by a test's factory or a tool.</summary>
    private static bool IsOwnProcess()
        => System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name is "JitDashboard" or "JitDashboard.DevHost";
}
