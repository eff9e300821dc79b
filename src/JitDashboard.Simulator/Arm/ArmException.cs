using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Arm;

/// <summary>
/// An ARM error answer, thrown from handlers and turned into <c>{"error":{"code","message"}}</c>, or into
/// <see cref="Body"/> when an answer needs more (details, target, additionalInfo, PascalCase keys).
/// </summary>
public sealed class ArmException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public Dictionary<string, string> Headers { get; } = [];
    public JsonObject? Body { get; init; }
}
