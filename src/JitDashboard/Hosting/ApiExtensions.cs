using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Work;
using JitDashboard.Features.Access;
using JitDashboard.Features.Audit;
using JitDashboard.Features.Machines;
using JitDashboard.Features.Notifications;
using System.Security.Claims;
using JitDashboard.Platform.Estate;
using JitDashboard.Features.Automation;
using JitDashboard.Features.Policies;
using JitDashboard.Features.Posture;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using Scalar.AspNetCore;

namespace JitDashboard.Hosting;

/// <summary>The REST API (public contract 5): <c>/api/v1</c>, bearer tokens, problem details, OpenAPI.</summary>
public static class ApiExtensions
{
    public const string DocumentName = "v1";

    public static WebApplicationBuilder AddJitDashboardApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(DocumentName, o => o.AddDocumentTransformer((document, _, _) =>
        {
            // Tells readers (and the docs UI) that every /api/v1 call wants an Entra access token.
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An Entra access token for the dashboard's API (simulator: POST /_simulator/identity/token).",
            };
            document.Security ??= [];
            document.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("Bearer", document)] = [] });
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Problem details for API errors that have no body of their own (404, 405, ...).</summary>
    public static WebApplication UseApiProblemDetails(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(AuthExtensions.ApiPrefix, StringComparison.OrdinalIgnoreCase), b => b.UseStatusCodePages());
        return app;
    }

    public static WebApplication MapJitDashboardApi(this WebApplication app)
    {
        // The description and its browsable UI are public: they hold no data.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("JitDashboard API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts()).AllowAnonymous();

        var v1 = app.MapGroup("/api/v1")
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(AppPolicies.Read) { AuthenticationSchemes = JwtBearerDefaults.AuthenticationScheme })
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        v1.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(UserRoles.DisplayName(user), UserRoles.UserName(user), UserRoles.Of(user))))
            .WithName("GetMe").WithSummary("Who the token belongs to, and its app roles.");

        v1.MapAuditApi();
        v1.MapMachinesApi();
        v1.MapSubscriptionsApi();
        v1.MapJitApi();
        v1.MapAccessApi();
        v1.MapAutomationApi();
        v1.MapPostureApi();
        v1.MapNotificationsApi();

        v1.MapPost("/machines/refresh", async (ClaimsPrincipal user, EstateRefresh refresh, CancellationToken ct) =>
                await refresh.RequestAsync(user, ct) ? Results.Accepted() : Results.Forbid())
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(AppPolicies.Operate) { AuthenticationSchemes = JwtBearerDefaults.AuthenticationScheme })
            .WithName("RefreshMachines").WithSummary("Reloads the estate from ARM (Operator or Admin).")
            .Produces(StatusCodes.Status202Accepted);
        return app;
    }
}

/// <summary>The body of <c>GET /api/v1/me</c>.</summary>
public sealed record MeResponse(string Name, string UserName, IReadOnlyList<string> Roles);

/// <summary>RFC 9457 answers written by the authentication events.</summary>
public static class ApiProblems
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path },
        });
    }

    /// <summary>A sentence saying why the bearer token was refused.</summary>
    public static string DescribeAuthenticationFailure(Exception? failure, string authorization) => failure switch
    {
        _ when IsUnsigned(authorization) => "The bearer token is not signed.",
        null when string.IsNullOrEmpty(authorization) => "No bearer token was sent. Send 'Authorization: Bearer <token>' with an access token for this API.",
        null => "The Authorization header does not hold a bearer token.",
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenInvalidAudienceException => "The bearer token was issued for another audience than this API.",
        SecurityTokenInvalidIssuerException => "The bearer token was issued by an issuer this API does not trust.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature is not valid.",
        SecurityTokenInvalidLifetimeException or SecurityTokenNotYetValidException or SecurityTokenNoExpirationException => "The bearer token is not valid at this time.",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is not a well-formed JWT.",
        _ => "The bearer token is not valid: " + failure.GetType().Name + ".",
    };

    private static bool IsUnsigned(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return false;
        try
        {
            var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(authorization["Bearer ".Length..].Trim());
            return string.IsNullOrEmpty(token.EncodedSignature) || string.Equals(token.Alg, "none", StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
