using JitDashboard.Hosting;

// The production app: Azure only (Mode defaults to Azure; missing Azure settings stop start-up, naming each key).
// The simulator is not part of it: src/JitDashboard.DevHost hosts this same app with the simulator for local runs
// and tests.
var builder = WebApplication.CreateBuilder(args);
builder.AddJitDashboard();
return await builder.RunJitDashboardAsync();

public partial class Program;
