using JitDashboard.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Settings: project defaults, then the repo-root appsettings.json, then environment and command line.
builder.AddJitDashboardSettings();

// ARM: endpoint resolution (embedded simulator by default), one ArmClient, typed clients.
builder.AddArm();

// Features.
builder.AddEstate();

// Blazor Server + MudBlazor.
builder.AddUi();

var app = builder.Build();
app.MapJitDashboard();
app.Run();

public partial class Program;
