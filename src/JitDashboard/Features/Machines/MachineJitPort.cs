namespace JitDashboard.Features.Machines;

public sealed record MachineJitPort(int Number, string Protocol, string? AllowedSourceAddressPrefix, IReadOnlyList<string>? AllowedSourceAddressPrefixes, string MaxRequestAccessDuration);
