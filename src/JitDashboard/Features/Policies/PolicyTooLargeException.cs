namespace JitDashboard.Features.Policies;

/// <summary>A policy write that would pass ARM's 4 MB limit, refused before it is sent.</summary>
public sealed class PolicyTooLargeException(string message) : Exception(message);
