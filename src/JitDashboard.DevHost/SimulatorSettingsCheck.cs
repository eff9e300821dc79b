using JitDashboard.Hosting;
using JitDashboard.Platform.Arm;
using Microsoft.Extensions.Options;

namespace JitDashboard.DevHost;

/// <summary>The <c>Simulator</c> section's checks, listed with the app's own (one start-up failure, every key).</summary>
public sealed class SimulatorSettingsCheck(IOptions<SimulatorSettings> simulator) : IJitDashboardSettingsCheck
{
    public void Check(JitDashboardSettings settings, ICollection<string> errors) => Check(simulator.Value, settings.Dashboard.Mode, errors);

    /// <summary>Every problem of <paramref name="sim"/>, each starting with its key.</summary>
    public static void Check(SimulatorSettings sim, DashboardMode mode, ICollection<string> errors)
    {
        // Only meaningful in simulator mode, but contradictions are reported anyway.
        if (!string.IsNullOrWhiteSpace(sim.Url))
        {
            if (!JitDashboardSettingsValidator.IsHttpsUrl(sim.Url))
                errors.Add($"Simulator:Url must be an absolute https URL, not '{sim.Url}'");
            if (string.IsNullOrWhiteSpace(sim.CertificateFile))
                errors.Add("Simulator:CertificateFile must be set when Simulator:Url is set (the PEM written by --certificate-out)");
            if (!string.IsNullOrWhiteSpace(sim.Estate))
                errors.Add("Simulator:Estate applies to the embedded simulator only; it cannot be used with Simulator:Url");
            if (!string.IsNullOrWhiteSpace(sim.Generate))
                errors.Add("Simulator:Generate applies to the embedded simulator only; it cannot be used with Simulator:Url");
            if (mode == DashboardMode.Azure)
                errors.Add("Simulator:Url is set but Mode is Azure; remove one");
        }
        else if (!string.IsNullOrWhiteSpace(sim.CertificateFile))
        {
            errors.Add("Simulator:CertificateFile is set but Simulator:Url is not");
        }

        JitDashboardSettingsValidator.CheckFile(errors, "Simulator:CertificateFile", sim.CertificateFile);
        JitDashboardSettingsValidator.CheckFile(errors, "Simulator:Estate", sim.Estate);
        if (!string.IsNullOrWhiteSpace(sim.Estate) && !string.IsNullOrWhiteSpace(sim.Generate))
            errors.Add("Simulator:Estate and Simulator:Generate are both set; choose one");
    }
}
