using JitDashboard.Platform;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>
/// <c>OpenTelemetry:*</c>: the OTLP endpoint (the setting, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) must be an http(s)
/// URL; the service name must not be empty.
/// </summary>
internal sealed class TelemetryOptionsValidator(IConfiguration configuration) : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (TelemetryExtensions.OtlpEndpointProblem(options, configuration) is { } problem)
            errors.Add(problem);
        if (string.IsNullOrWhiteSpace(options.ServiceName))
            errors.Add("OpenTelemetry:ServiceName must not be empty.");
        return ValidatedOptions.Result(errors);
    }
}
