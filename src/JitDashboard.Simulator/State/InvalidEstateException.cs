namespace JitDashboard.Simulator.State;

/// <summary>An estate file that does not follow public contract 1.</summary>
public sealed class InvalidEstateException(string message) : Exception(message);
