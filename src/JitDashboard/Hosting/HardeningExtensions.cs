using JitDashboard.Platform.Persistence;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using JitDashboard.Platform;
using JitDashboard.Platform.Arm;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>
/// Security headers, HTTPS outside loopback, per-user API rate limiting, API body size limits, and simulator mode
/// confined to loopback (its sign-in hands out any demo role to whoever asks).
/// </summary>
public static partial class HardeningExtensions
{
    /// <summary>
    /// The app's CSP. Scripts: only our own files (blazor.web.js, MudBlazor.min.js); Blazor Server needs no inline
    /// script or eval. Styles need 'unsafe-inline': MudBlazor writes style attributes on many components
    /// (popovers, grids, progress) and MudThemeProvider renders a &lt;style&gt; element with the theme's CSS
    /// variables; neither can carry a nonce. connect-src 'self' covers the circuit's same-origin WebSocket.
    /// No form-action: sign-out posts to us and the answer redirects to the identity provider, which Chromium
    /// checks against form-action too.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>The Scalar API reference (under /api/docs only) boots from an inline script and inline styles.</summary>
    public const string ApiDocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public const string ApiRateLimiterName = "api";

    public static WebApplicationBuilder AddHardening(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<HardeningOptions, HardeningOptionsValidator>(builder.Configuration, HardeningOptions.SectionName);
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        services.AddOptions<Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionOptions>()
            .Configure<IOptions<HardeningOptions>>((o, h) => o.HttpsPort = h.Value.HttpsPort);

        // A streamed body over the limit is caught by minimal APIs, which answer a bare 413: say why.
        services.Configure<Microsoft.AspNetCore.Http.ProblemDetailsOptions>(o =>
        {
            var previous = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = c =>
            {
                previous?.Invoke(c);
                if (c.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && string.IsNullOrEmpty(c.ProblemDetails.Detail))
                    c.ProblemDetails.Detail = TooLargeDetail(c.HttpContext.RequestServices.GetRequiredService<IOptions<HardeningOptions>>().Value.MaxApiRequestBodyBytes);
            };
        });

        // Unknown JSON fields are an error, not silently dropped: a misspelt "dryRun" must not become a real write.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow);

        // Binding failures throw (caught for /api by UseApiRequestLimits) instead of a bare 400 without a reason.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<HardeningOptions>>((o, h) =>
        {
            var limit = h.Value.RateLimit;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                limit.PermitLimit == 0 || !IsApi(context)
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limit.PermitLimit,
                        Window = limit.Window,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : (int)Math.Ceiling(limit.Window.TotalSeconds);
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"More than {limit.PermitLimit} API requests in {limit.Window}. Try again in {seconds} s.");
            };
        });
        return builder;
    }

    /// <summary>The partition: the signed-in user's object id (or subject), else the client address.</summary>
    public static string PartitionKey(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var id = user.FindFirstValue("http://schemas.microsoft.com/identity/claims/objectidentifier")
                ?? user.FindFirstValue("oid") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub");
            if (!string.IsNullOrEmpty(id))
                return "user:" + id;
        }

        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments(AuthExtensions.ApiPrefix + "/v1", StringComparison.OrdinalIgnoreCase);

    /// <summary>Headers, HTTPS, the simulator's loopback rule and API body limits: first in the pipeline.</summary>
    public static WebApplication UseHardening(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<HardeningOptions>>().Value;
        var mode = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.Mode;
        var development = app.Environment.IsDevelopment();

        app.Use(async (context, next) =>
        {
            // OnStarting: the exception handler clears headers before it re-executes, so set them last.
            context.Response.OnStarting(static state => { AddSecurityHeaders((HttpContext)state); return Task.CompletedTask; }, context);

            if (mode == DashboardMode.Simulator && !IsLoopback(context.Connection.LocalIpAddress))
            {
                // Simulator mode signs anyone in as any demo person: it must never be reachable from the network.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("Simulator mode serves loopback addresses only. Set Mode=Azure to serve the network.", context.RequestAborted);
                return;
            }

            await next(context);
        });

        app.UseWhen(context => UsesHttps(options.Https, development, context), b =>
        {
            b.UseHsts();
            b.UseHttpsRedirection();
        });

        return app;
    }

    /// <summary>
    /// API body limits and binding failures as problem details that say which parameter was wrong. Goes inside the
    /// exception handler (which would otherwise answer an API client with the HTML error page).
    /// </summary>
    public static WebApplication UseApiRequestLimits(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<HardeningOptions>>().Value;
        app.UseWhen(IsApiPath, b => b.Use((context, next) => LimitBodyAsync(context, next, options.MaxApiRequestBodyBytes)));
        return app;
    }

    /// <summary>Whether HTTPS redirection and HSTS apply to this request.</summary>
    public static bool UsesHttps(HttpsMode mode, bool development, HttpContext context) => mode switch
    {
        HttpsMode.Always => true,
        HttpsMode.Never => false,
        _ => !development && !IsLoopback(context.Connection.LocalIpAddress),
    };

    /// <summary>Null (an in-memory test server) counts as loopback.</summary>
    public static bool IsLoopback(IPAddress? address) => address is null || IPAddress.IsLoopback(address);

    private static bool IsApiPath(HttpContext context) => context.Request.Path.StartsWithSegments(AuthExtensions.ApiPrefix, StringComparison.OrdinalIgnoreCase);

    public static void AddSecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        var docs = context.Request.Path.StartsWithSegments("/api/docs", StringComparison.OrdinalIgnoreCase);
        headers.ContentSecurityPolicy = docs ? ApiDocsContentSecurityPolicy : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }

    /// <summary>413 problem details for API bodies over the limit, declared or streamed.</summary>
    private static async Task LimitBodyAsync(HttpContext context, RequestDelegate next, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
            feature.MaxRequestBodySize = limit;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await WriteTooLargeAsync(context, limit);
        }
        catch (Exception e) when (DatabaseFailures.IsUnavailable(e) && !context.Response.HasStarted)
        {
            // Busy (SQLite locked by another writer) or unreachable (PostgreSQL down): say so, and when to retry;
            // the next request opens a fresh connection, so the app recovers without a restart.
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "5";
            await ApiProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Database unavailable",
                "The database is busy or unreachable; nothing was changed. Try again in a few seconds.");
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // e.g. 'Failed to bind parameter "bool? exposed" from "maybe".' (RouteHandlerOptions.ThrowOnBadRequest).
            var detail = e.InnerException is System.Text.Json.JsonException json ? e.Message + " " + json.Message : e.Message;
            await ApiProblems.WriteAsync(context, e.StatusCode, "Bad request", detail);
        }
    }


    private static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", TooLargeDetail(limit));

    private static string TooLargeDetail(long limit) => $"The request body is larger than {limit} bytes (Hardening:MaxApiRequestBodyBytes).";
}
