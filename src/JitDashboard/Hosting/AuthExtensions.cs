using JitDashboard.Features.Audit;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace JitDashboard.Hosting;

/// <summary>
/// Sign-in (Microsoft.Identity.Web: cookie + OIDC) for pages, bearer tokens (Microsoft.Identity.Web: JwtBearer) for
/// <c>/api</c>, and the role policies. Simulator mode runs the very same code against the authority of the host's
/// stand-in for Azure (<see cref="HostedArmEnvironment"/>), whose address is known only once it has started: the
/// options below read it lazily, on the first request.
/// </summary>
public static partial class AuthExtensions
{
    /// <summary>The default scheme: picks the cookie for pages and the bearer token for the API.</summary>
    public const string SelectorScheme = "JitDashboard";
    public const string LoginPath = "/authentication/login";
    public const string LogoutPath = "/authentication/logout";
    public const string AccessDeniedPath = "/access-denied";
    public const string ApiPrefix = "/api";

    public static WebApplicationBuilder AddJitDashboardAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(AzureAdSettings.SectionName);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectorScheme;
                o.DefaultChallengeScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "Cookie for pages, bearer token for the API", o =>
                o.ForwardDefaultSelector = ctx => ctx.Request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme);
        services.AddAuthentication()
            .AddMicrosoftIdentityWebApp(section, OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
        services.AddAuthentication()
            .AddMicrosoftIdentityWebApi(section, JwtBearerDefaults.AuthenticationScheme);

        // Everything below must come after the Microsoft.Identity.Web calls: named Configure actions run in order,
        // and PostConfigure would be too late (the handlers build their metadata managers there).
        ConfigureIdentityOptions(services, OpenIdConnectDefaults.AuthenticationScheme);
        ConfigureIdentityOptions(services, JwtBearerDefaults.AuthenticationScheme);
        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme).Configure<IServiceProvider>(ConfigureOpenIdConnect);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IServiceProvider>(ConfigureJwtBearer);
        services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            // Our own endpoints: a challenge for a page goes through the GET login endpoint (return URL sanitised there).
            o.LoginPath = LoginPath;
            o.ReturnUrlParameter = "returnUrl";
            o.AccessDeniedPath = AccessDeniedPath;
            o.Cookie.Name = "JitDashboard.Auth";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // Deny by default: any endpoint without its own rule needs a signed-in user; pages and the API ask for roles.
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (policy, _) in UserRoles.PolicyRoles)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireAssertion(c => UserRoles.Satisfies(c.User, policy)));
        }

        services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>The host's stand-in authority in simulator mode; null in Azure mode.</summary>
    private static HostedIdentityAuthority? HostedAuthority(IServiceProvider sp)
    {
        if (sp.GetRequiredService<IOptions<DashboardOptions>>().Value.Mode != DashboardMode.Simulator)
            return null;
        return sp.GetRequiredService<ArmConnection>().Current.Hosted?.Identity
            ?? throw new InvalidOperationException(JitDashboardSettingsValidator.SimulatorModeWithoutHostMessage);
    }

    private static HostedArmEnvironment Hosted(IServiceProvider sp) => sp.GetRequiredService<ArmConnection>().Current.Hosted!;

    /// <summary>Simulator mode: Instance, tenant and client default to the stand-in's (Entra's v2 shape, so the authority follows).</summary>
    private static void ConfigureIdentityOptions(IServiceCollection services, string scheme) =>
        services.AddOptions<MicrosoftIdentityOptions>(scheme).Configure<IServiceProvider>((o, sp) =>
        {
            if (HostedAuthority(sp) is not { } authority)
                return;
            o.Instance = authority.Instance.ToString();
            o.TenantId = authority.TenantId;
            o.ClientId = string.IsNullOrWhiteSpace(o.ClientId) ? authority.ClientId : o.ClientId;
            o.ClientSecret = authority.ClientSecret;
        });

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, IServiceProvider sp)
    {
        var settings = sp.GetRequiredService<IOptions<AuthenticationSettings>>().Value;
        o.BackchannelTimeout = TimeSpan.FromSeconds(settings.BackchannelTimeoutSeconds);
        // Tests and local runs serve the app over http; browsers drop Secure cookies there.
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

        if (HostedAuthority(sp) is { } authority)
        {
            var issuer = authority.Issuer;
            o.Authority = issuer;
            o.MetadataAddress = issuer + "/.well-known/openid-configuration";
            o.BackchannelHttpHandler = TrustedCertificateHandler.Create(Hosted(sp).TrustedCertificate);
            o.TokenValidationParameters.IssuerValidator = null;
            o.TokenValidationParameters.ValidIssuer = issuer;
            // Code + PKCE answered by a top-level GET: Lax cookies come back even when the app is on plain http
            // (a form_post from the https stand-in would be a cross-site POST, and SameSite=None needs https).
            o.ClientSecret = authority.ClientSecret;
            o.ResponseType = "code";
            o.ResponseMode = "query";
            o.UsePkce = true;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
        }

        var tokenValidated = o.Events.OnTokenValidated;
        o.Events.OnTokenValidated = async context =>
        {
            await tokenValidated(context);
            if (context.Principal is { } user && context.Result is null)
            {
                var audit = context.HttpContext.RequestServices.GetRequiredService<IAuditLog>();
                await audit.AppendAsync(new AuditEntry(Actor.From(user), AuditActorKind.User, AuditActions.UserSignedIn, null, AuditOutcome.Succeeded,
                    new { name = UserRoles.DisplayName(user), roles = UserRoles.Of(user) }), context.HttpContext.RequestAborted);
            }
        };
    }

    private static void ConfigureJwtBearer(JwtBearerOptions o, IServiceProvider sp)
    {
        var settings = sp.GetRequiredService<IOptions<AuthenticationSettings>>().Value;
        var azureAd = sp.GetRequiredService<IOptions<AzureAdSettings>>().Value;
        o.BackchannelTimeout = TimeSpan.FromSeconds(settings.BackchannelTimeoutSeconds);
        o.Audience = string.IsNullOrWhiteSpace(azureAd.Audience) ? AzureAdSettings.DefaultAudience : azureAd.Audience;

        if (HostedAuthority(sp) is { } authority)
        {
            var issuer = authority.Issuer;
            o.Authority = issuer;
            o.MetadataAddress = issuer + "/.well-known/openid-configuration";
            o.BackchannelHttpHandler = TrustedCertificateHandler.Create(Hosted(sp).TrustedCertificate);
            o.TokenValidationParameters.IssuerValidator = null;
            o.TokenValidationParameters.ValidIssuer = issuer;
        }

        // RFC 9457 answers that say why, instead of an empty 401/403.
        var challenge = o.Events.OnChallenge;
        o.Events.OnChallenge = async context =>
        {
            await challenge(context);
            if (context.Handled)
                return;
            context.HandleResponse();
            await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", ApiProblems.DescribeAuthenticationFailure(context.AuthenticateFailure, context.Request.Headers.Authorization.ToString()));
        };
        var forbidden = o.Events.OnForbidden;
        o.Events.OnForbidden = async context =>
        {
            await forbidden(context);
            await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
                "Your role does not allow this. Ask an administrator for the app role this action needs.");
        };
    }

    /// <summary>Sign-in as a GET challenge and sign-out as an antiforgery-checked POST.</summary>
    public static WebApplication MapAuthenticationEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/authentication").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/login", (string? returnUrl) =>
            TypedResults.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrls.Sanitize(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]));

        // [FromForm] makes the endpoint antiforgery-checked by UseAntiforgery.
        group.MapPost("/logout", async ([FromForm] string? returnUrl, HttpContext context, IAuditLog audit) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                await audit.AppendAsync(new AuditEntry(Actor.From(context.User), AuditActorKind.User, AuditActions.UserSignedOut, null, AuditOutcome.Succeeded), context.RequestAborted);
            }

            // Ends the cookie here and the session at the identity provider, which then sends the browser back.
            return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = ReturnUrls.Sanitize(returnUrl) },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        });
        return app;
    }
}
