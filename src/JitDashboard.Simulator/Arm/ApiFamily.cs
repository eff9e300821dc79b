namespace JitDashboard.Simulator.Arm;

/// <summary>Which api-versions a route accepts: one list per family of resource types.</summary>
public enum ApiFamily { Subscriptions, Resources, Compute, ClassicCompute, Network, Jit, Assessments, SecureScore, Pricings }
