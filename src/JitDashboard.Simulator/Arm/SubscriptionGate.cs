using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>
/// The partial states of a subscription (<see cref="SubscriptionConditions"/>) applied to an ARM request, with ARM's
/// exact error bodies: deleted, permission gaps, read-only (disabled or expired), unregistered resource providers,
/// the secure score of a disabled subscription, linked authorization of a JIT policy's VMs and Azure Policy denials.
/// Called under the state lock.
/// </summary>
public static class SubscriptionGate
{
    private static readonly string[] DefenderTypes = ["assessments", "secureScores", "secureScoreControls", "pricings"];

    /// <summary>Checks made before routing (ARM makes them before it forwards to the resource provider).</summary>
    public static void BeforeRoute(SimulatorState state, string method, string[] segments, ArmCaller caller)
    {
        var request = RbacActions.For(method, segments);
        if (request is null || state.GetSubscription(segments[1]) is null)
            return;
        var sub = segments[1];
        var c = state.ConditionsFor(sub);
        if (c.Deleted)
            throw ArmErrors.SubscriptionNotFound(sub);
        if (IsDenied(c, request.Action, request.Scope))
            throw AuthorizationFailed(caller, request.Action, request.Scope);
        if (c.ReadOnly && method is "PUT" or "PATCH" or "POST")
        {
            throw new ArmException(409, "ReadOnlyDisabledSubscription",
                $"The subscription '{sub}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.");
        }
        if (request.Namespace is { } ns && !c.IsRegistered(ns))
        {
            var registered = c.UnregisteredNamespaces.First(n => n.Equals(ns, StringComparison.OrdinalIgnoreCase));
            if (IsDefenderType(request))
                throw new ArmException(404, "Subscription Not Registered", "Please register to Microsoft.Security in order to view your security status");
            if (registered.Equals(SubscriptionConditions.ClassicCompute, StringComparison.OrdinalIgnoreCase) && c.ClassicComputeErrorStatus == 400)
            {
                // A stand-in: some real subscriptions answer 400 for the retired ClassicCompute provider (startstopv2-deployments#50,
                // #101), but no full body was published; this is ARM's generic BadRequest shape with a message saying why.
                throw ArmErrors.BadRequest($"The subscription '{sub}' cannot use namespace '{registered}': classic (Azure Service Manager) compute was retired on 2023-09-01.");
            }
            throw ArmErrors.MissingSubscriptionRegistration(registered);
        }
        if (c.State == "Disabled" && request.Namespace is { } security && security.Equals("Microsoft.Security", StringComparison.OrdinalIgnoreCase)
            && request.ResourceType!.Split('/')[1] is var type
            && (type.Equals("secureScores", StringComparison.OrdinalIgnoreCase) || type.Equals("secureScoreControls", StringComparison.OrdinalIgnoreCase)))
        {
            var message = $"Secure score 'ascScore' does not exist in scope '{sub}'";
            throw new ArmException(404, "ResourceNotFound", message) { Body = ArmErrors.PascalBody("ResourceNotFound", message) };
        }
    }

    /// <summary>Checks that need the body: linked authorization of a JIT policy's VMs, then Azure Policy (PUTs only).</summary>
    public static void AfterBody(SimulatorState state, string method, string[] segments, JsonNode? body, ArmCaller caller)
    {
        if (method != "PUT" || RbacActions.For(method, segments) is not { Namespace: not null } request || state.GetSubscription(segments[1]) is null)
            return;
        if (request.ResourceType!.Equals(ResourceTypes.JitPolicies, StringComparison.OrdinalIgnoreCase)
            && body?["properties"]?["virtualMachines"] is JsonArray vms)
        {
            const string vmWrite = "Microsoft.Compute/virtualMachines/write";
            var linked = new List<string>();
            foreach (var vm in vms)
            {
                if (vm?["id"] is JsonValue v && v.TryGetValue<string>(out var vmId) && vmId.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["subscriptions", var vmSub, ..]
                    && state.GetSubscription(vmSub) is not null && IsDenied(state.ConditionsFor(vmSub), vmWrite, vmId))
                    linked.Add(vmId);
            }
            if (linked.Count > 0)
            {
                throw new ArmException(403, "LinkedAuthorizationFailed",
                    $"The client '{caller.Name}' with object id '{caller.ObjectId}' has permission to perform action '{request.Action}' on scope '{request.Scope}'; " +
                    $"however, it does not have permission to perform action(s) '{string.Join(",", linked.Select(_ => vmWrite))}' on the linked scope(s) '{string.Join(",", linked)}' (respectively) or the linked scope(s) are invalid.");
            }
        }
        var c = state.ConditionsFor(segments[1]);
        var denial = c.PolicyDenials.FirstOrDefault(p => p.ResourceType.Equals(request.ResourceType, StringComparison.OrdinalIgnoreCase)
                                                        && SubscriptionConditions.Within(request.Scope, p.Scope ?? "/subscriptions/" + segments[1]));
        if (denial is not null)
            throw PolicyViolation(denial, segments[1], request);
    }

    /// <summary>Whether the subscription's denials cover <paramref name="action"/> over <paramref name="scope"/>.</summary>
    public static bool IsDenied(SubscriptionConditions c, string action, string scope)
        => c.DeniedActions.Any(d => SubscriptionConditions.Covers(d.Action, action) && (d.Scope is null || SubscriptionConditions.Within(scope, d.Scope)));

    /// <summary>Whether the caller may see the subscription in <c>GET /subscriptions</c>.</summary>
    public static bool Listed(SubscriptionConditions c) => !c.Deleted && !c.NoAccess;

    public static ArmException AuthorizationFailed(ArmCaller caller, string action, string scope) => new(403, "AuthorizationFailed",
        $"The client '{caller.Name}' with object id '{caller.ObjectId}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.");

    private static bool IsDefenderType(RbacRequest request)
        => request.Namespace!.Equals("Microsoft.Security", StringComparison.OrdinalIgnoreCase)
           && DefenderTypes.Contains(request.ResourceType!.Split('/')[1], StringComparer.OrdinalIgnoreCase);

    // The built-in "Not allowed resource types" definition: the usual way to deny a type.
    private const string DefinitionName = "6c112d4e-5bc7-47ae-a041-ea2d9dccd749";
    private const string DefinitionDisplayName = "Not allowed resource types";

    /// <summary>403 RequestDisallowedByPolicy in the shape of Azure/azure-cli#8058 and the Azure Automation docs' example.</summary>
    private static ArmException PolicyViolation(PolicyDenial denial, string sub, RbacRequest request)
    {
        var assignmentDisplayName = denial.PolicyAssignmentName ?? $"Deny {request.ResourceType}";
        var assignmentScope = denial.Scope ?? "/subscriptions/" + sub;
        // A name given is the assignment's name; else, as for assignments made in the portal, 24 hex digits (stable here).
        var assignmentName = denial.PolicyAssignmentName
            ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(assignmentScope + "|" + assignmentDisplayName)))[..24];
        var assignmentId = $"{assignmentScope}/providers/Microsoft.Authorization/policyAssignments/{assignmentName}";
        var definitionId = $"/providers/Microsoft.Authorization/policyDefinitions/{DefinitionName}";
        var identifiers = new JsonArray(new JsonObject
        {
            ["policyAssignment"] = new JsonObject { ["name"] = assignmentDisplayName, ["id"] = assignmentId },
            ["policyDefinition"] = new JsonObject { ["name"] = DefinitionDisplayName, ["id"] = definitionId },
        }).ToJsonString(Json.Options);
        var target = request.Name ?? request.Scope;
        var message = $"Resource '{target}' was disallowed by policy. Policy identifiers: '{identifiers}'.";
        return new ArmException(403, "RequestDisallowedByPolicy", message)
        {
            Body = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = "RequestDisallowedByPolicy",
                    ["target"] = target,
                    ["message"] = message,
                    ["additionalInfo"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "PolicyViolation",
                        ["info"] = new JsonObject
                        {
                            ["policyDefinitionDisplayName"] = DefinitionDisplayName,
                            ["evaluationDetails"] = new JsonObject
                            {
                                ["evaluatedExpressions"] = new JsonArray(new JsonObject
                                {
                                    ["result"] = "True",
                                    ["expressionKind"] = "Field",
                                    ["expression"] = "type",
                                    ["path"] = "type",
                                    ["expressionValue"] = request.ResourceType,
                                    ["targetValue"] = new JsonArray(request.ResourceType),
                                    ["operator"] = "In",
                                }),
                            },
                            ["policyDefinitionId"] = definitionId,
                            ["policyDefinitionName"] = DefinitionName,
                            ["policyDefinitionEffect"] = "Deny",
                            ["policyAssignmentId"] = assignmentId,
                            ["policyAssignmentName"] = assignmentName,
                            ["policyAssignmentDisplayName"] = assignmentDisplayName,
                            ["policyAssignmentScope"] = assignmentScope,
                            ["policyAssignmentParameters"] = new JsonObject
                            {
                                ["listOfResourceTypesNotAllowed"] = new JsonObject { ["value"] = new JsonArray(request.ResourceType) },
                            },
                        },
                    }),
                },
            },
        };
    }
}
