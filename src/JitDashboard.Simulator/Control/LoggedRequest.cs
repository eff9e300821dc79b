namespace JitDashboard.Simulator.Control;

public sealed record LoggedRequest(string Method, string Path, string? ApiVersion, int Status, DateTimeOffset Time);
