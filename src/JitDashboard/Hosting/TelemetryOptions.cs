namespace JitDashboard.Hosting;

/// <summary>The <c>OpenTelemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "OpenTelemetry";

    /// <summary><c>OpenTelemetry:OtlpEndpoint</c>: e.g. http://collector:4317. Null: OTEL_EXPORTER_OTLP_ENDPOINT, else no export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>OpenTelemetry:ServiceName</c>.</summary>
    public string ServiceName { get; set; } = "JitDashboard";
}
