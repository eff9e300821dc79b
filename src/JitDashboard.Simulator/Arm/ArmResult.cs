using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Arm;

public sealed record ArmResult(int Status, JsonNode? Body = null);
