using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace JitDashboard.Simulator.Arm;

public sealed record ArmResult(int Status, JsonNode? Body = null);
