namespace JitDashboard.Simulator.Arm;

/// <summary>Who is calling, as ARM names them in authorization errors.</summary>
/// <param name="Name">The user's UPN, else the application's id.</param>
/// <param name="ObjectId">The principal's object id (<c>oid</c>).</param>
public sealed record ArmCaller(string Name, string ObjectId);
