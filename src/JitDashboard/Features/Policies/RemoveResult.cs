using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

public sealed record RemoveResult(IReadOnlyList<JitVirtualMachine> VirtualMachines, bool DeletePolicy);
