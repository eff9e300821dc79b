namespace JitDashboard.Features.Machines;

/// <summary>One column of the Machines sort: its key (<see cref="MachinesColumns"/>) and direction.</summary>
public sealed record MachinesSortKey(string Column, bool Descending);
