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
        // Brotli or gzip for API answers (a 10,000-VM list of 12 MB goes out as about 0.6 MB); light levels, as the body is made per request.
        builder.Services.AddResponseCompression(o =>
        {
            // Over HTTPS too: API bodies carry no secret next to attacker-chosen text (BREACH needs both), and the
            // pages, which carry antiforgery tokens, are not compressed (UseApiCompression applies to /api only).
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/problem+json", "text/csv"];
        });
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
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

    /// <summary>Compressed API answers when the client accepts br or gzip; never the pages.</summary>
    public static WebApplication UseApiCompression(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(AuthExtensions.ApiPrefix, StringComparison.OrdinalIgnoreCase), b => b.UseResponseCompression());
        return app;
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
        Platform.Estate.Events.AzureEventsEndpoint.MapAzureEvents(v1);

        v1.MapPost("/machines/refresh", async (ClaimsPrincipal user, EstateRefresh refresh, CancellationToken ct) =>
                await refresh.RequestAsync(user, ct) ? Results.Accepted() : Results.Forbid())
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(AppPolicies.Operate) { AuthenticationSchemes = JwtBearerDefaults.AuthenticationScheme })
            .WithName("RefreshMachines").WithSummary("Reloads the estate from ARM (Operator or Admin).")
            .Produces(StatusCodes.Status202Accepted);
        return app;
    }
}
