using JitDashboard.Data;
using JitDashboard.Features.Access;
using JitDashboard.Features.Automation;
using JitDashboard.Features.Notifications;
using JitDashboard.Features.Policies;
using JitDashboard.Features.Posture;
using JitDashboard.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Settings: project defaults, then the repo-root appsettings.json, then environment and command line.
builder.AddJitDashboardSettings();

// Persistence: the database, data-protection keys in it, the audit ledger.
builder.AddJitDashboardData();

// ARM: endpoint resolution (embedded simulator by default), one ArmClient, typed clients.
builder.AddArm();

// Sign-in (cookie + OIDC) for pages, bearer tokens for the API, role policies.
builder.AddJitDashboardAuth();

// Features.
builder.AddEstate();
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

var app = builder.Build();
await app.Services.MigrateJitDashboardDatabaseAsync();
app.MapJitDashboard();
await app.RunAsync();

public partial class Program;
