using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Arm;

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

    /// <summary>
    /// ARM's own routes (Microsoft.Resources) with an api-version they do not know, e.g.
    /// "The api-version '2016-03-30' is invalid. The supported versions are '2016-07-01,2016-06-01,...'."
    /// (newest first, no spaces; Azure/azure-sdk-for-net#2276, hashicorp/vault-plugin-secrets-azure#13).
    /// </summary>
    public static ArmException InvalidApiVersion(string apiVersion, IEnumerable<string> supported) => new(400, "InvalidApiVersionParameter",
        $"The api-version '{apiVersion}' is invalid. The supported versions are '{string.Join(",", supported.Reverse())}'.");

    /// <summary>
    /// A resource provider's type with an api-version its manifest does not list, e.g. "No registered resource provider
    /// found for location 'westeurope' and API version '2022-05-01' for type 'networkSecurityGroups'. The supported
    /// api-versions are '2015-06-15, 2016-03-30, ...'. The supported locations are 'westus, eastus, ...'." (oldest first,
    /// comma and space; Azure/azure-cli#27154 and #28496, AutomatedLab/AutomatedLab#1361, MicrosoftDocs/azure-docs#62621).
    /// </summary>
    public static ArmException NoRegisteredProvider(string location, string apiVersion, string type, IEnumerable<string> supported, IEnumerable<string> locations)
        => new(400, "NoRegisteredProviderFound",
            $"No registered resource provider found for location '{location}' and API version '{apiVersion}' for type '{type}'. " +
            $"The supported api-versions are '{string.Join(", ", supported)}'. The supported locations are '{string.Join(", ", locations)}'.");

    /// <summary>
    /// A resource type the namespace does not have (here: that the simulator does not serve), as ARM answers it:
    /// 404 "The resource type could not be found in the namespace 'Microsoft.Authorization' for api version '2015-07-01'."
    /// (JulianHayward/Azure-MG-Sub-Governance-Reporting#297, Azure/azure-sdk-for-net#2366).
    /// </summary>
    public static ArmException InvalidResourceType(string ns, string apiVersion) => new(404, "InvalidResourceType",
        $"The resource type could not be found in the namespace '{ns}' for api version '{apiVersion}'.");

    /// <summary>
    /// A namespace ARM does not know (here: that the simulator does not serve): 404 "The resource namespace
    /// 'Microsoft.Container' is invalid." (Azure/aci-connector-k8s#13, JulianHayward/Azure-MG-Sub-Governance-Reporting#52).
    /// </summary>
    public static ArmException InvalidResourceNamespace(string ns) => new(404, "InvalidResourceNamespace", $"The resource namespace '{ns}' is invalid.");

    /// <summary>A path no ARM route matches, in the words of ARM's own front end (krnese/AzureDeploy#21).</summary>
    public static ArmException NoRoute(string uri) => new(404, "NotFound", $"No HTTP resource was found that matches the request URI '{uri}'.");

    public static ArmException SubscriptionNotFound(string sub) => new(404, "SubscriptionNotFound", $"The subscription '{sub}' could not be found.");
}
