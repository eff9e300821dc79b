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

public static class ArmErrors
{
    public static JsonObject Body(string code, string message) => new()
    {
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    public static ArmException BadRequest(string message, string code = "BadRequest") => new(400, code, message);

    public static ArmException InvalidContent(string message) => new(400, "InvalidRequestContent", message);

    public static ArmException ResourceNotFound(string type, string name, string? rg) => new(404, "ResourceNotFound",
        rg is null
            ? $"The Resource '{type}/{name}' was not found."
            : $"The Resource '{type}/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    public static ArmException NotFound(string message) => new(404, "NotFound", message);

    public static ArmException ResourceGroupNotFound(string rg) => new(404, "ResourceGroupNotFound", $"Resource group '{rg}' could not be found.");

    /// <summary>ARM's body with <c>details[{code,target,message}]</c> (the detail repeats code and message).</summary>
    public static JsonObject BodyWithTarget(string code, string message, string target) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["details"] = new JsonArray(new JsonObject { ["code"] = code, ["target"] = target, ["message"] = message }),
        },
    };

    /// <summary>The PascalCase shape some resource providers (Defender's secure score) answer with.</summary>
    public static JsonObject PascalBody(string code, string message) => new()
    {
        ["Error"] = new JsonObject { ["Code"] = code, ["Message"] = message },
    };

    public static ArmException MissingSubscriptionRegistration(string ns)
    {
        var message = $"The subscription is not registered to use namespace '{ns}'. See https://aka.ms/rps-not-found for how to register subscriptions.";
        return new ArmException(409, "MissingSubscriptionRegistration", message) { Body = BodyWithTarget("MissingSubscriptionRegistration", message, ns) };
    }

    public static ArmException SubscriptionNotFound(string sub) => new(404, "SubscriptionNotFound", $"The subscription '{sub}' could not be found.");
}
