using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Identity;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Work;
using JitDashboard.Features.Access;
using JitDashboard.Features.Audit;
using JitDashboard.Features.Automation;
using JitDashboard.Features.Machines;
using JitDashboard.Features.Notifications;
using JitDashboard.Features.Policies;
using JitDashboard.Features.Posture;
using JitDashboard.Components;
using JitDashboard.Platform;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;

namespace JitDashboard.Hosting;

public static class UiExtensions
{
    /// <summary>Blazor Server with global interactivity, and MudBlazor.</summary>
    public static WebApplicationBuilder AddUi(this WebApplicationBuilder builder)
    {
        // Serves MudBlazor's _content and blazor.web.js from the build output in every environment,
        // not only in Development (without it they come back 200 with an empty body).
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddValidatedOptions<AzureSignalROptions, AzureSignalROptionsValidator>(builder.Configuration, AzureSignalROptions.SectionName);
        var signalR = builder.Configuration.GetSection(AzureSignalROptions.SectionName).Get<AzureSignalROptions>() ?? new AzureSignalROptions();
        // Blazor Server's circuits through Azure SignalR Service: any instance may take a browser's connection.
        // Required sticky mode keeps a circuit's requests on the server that holds it (Blazor's state is in memory).
        if (signalR.Enabled)
            builder.Services.AddSignalR().AddAzureSignalR(o =>
            {
                o.ConnectionString = signalR.ConnectionString;
                o.ServerStickyMode = Microsoft.Azure.SignalR.ServerStickyMode.Required;
            });
        return builder;
    }

    /// <summary>The request pipeline and endpoints.</summary>
    public static WebApplication MapJitDashboard(this WebApplication app)
    {
        // Security headers, HTTPS outside loopback, simulator mode on loopback only, API body limits.
        app.UseHardening();

        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);

        app.UseApiCompression();
        app.UseApiProblemDetails();
        app.UseApiRequestLimits();

        // The product's own assets (wwwroot-assets at the repo root), copied next to the binaries by the build.
        var assets = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets");
        if (Directory.Exists(assets))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(assets), RequestPath = "/assets" });
        }

        app.UseAuthentication();
        // After authentication: the API limit is partitioned by the signed-in user.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        // Framework and MudBlazor files are public; everything else is denied by default.
        app.MapStaticAssets().AllowAnonymous();
        app.MapAuthenticationEndpoints();
        app.MapHealthEndpoints();
        app.MapJitDashboardApi();
        app.MapAuditExport();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
