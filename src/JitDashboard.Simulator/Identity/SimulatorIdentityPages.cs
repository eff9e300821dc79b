using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace JitDashboard.Simulator.Identity;

/// <summary>The sign-in and form-post pages of the simulator's identity provider (plain, encoded HTML).</summary>
public static partial class SimulatorIdentityEndpoints
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    private static string E(string value) => Encoder.Encode(value);

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    private static HtmlResult Html(string html, int status) => new HtmlResult(html, status);

    private static IResult ErrorPage(string title, string message, int status) =>
        Html(Page(title, $"<h1>{E(title)}</h1><p role=\"alert\">{E(message)}</p>"), status);

    private static string Page(string title, string body, string? extraHead = null) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} — JitDashboard simulator</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b{"}"}button{"{"}display:block;width:100%;margin:.5rem 0;padding:.75rem 1rem;font-size:1rem;text-align:left;cursor:pointer{"}"}button:focus-visible{"{"}outline:3px solid #0b5cad;outline-offset:2px{"}"}</style>
        {extraHead}
        </head>
        <body>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;

    private static string SignInPage(AuthorizeRequest request, string mac, string action)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Sign in to the JitDashboard simulator</h1>\n");
        sb.Append("<p id=\"pick\">Pick a demo person to sign in as. This is a local stand-in for Entra ID: no password is needed.</p>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p>Application <code>{E(request.ClientId)}</code> will receive your sign-in at <code>{E(request.RedirectUri)}</code>.</p>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(action)}\" aria-describedby=\"pick\">\n");
        foreach (var (name, value) in request.Values)
            sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"request_mac\" value=\"{E(mac)}\">\n");
        foreach (var person in SimulatorIdentity.People)
            sb.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" name=\"user\" value=\"{E(person.UserName)}\">{E(person.DisplayName)} — {E(person.RoleLabel)}</button>\n");
        sb.Append("</form>\n");
        return Page("Sign in", sb.ToString());
    }

    private static string FormPostPage(string redirectUri, IEnumerable<KeyValuePair<string, string>> values)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Signing you in…</h1>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(redirectUri)}\" id=\"answer\">\n");
        foreach (var (name, value) in values)
            sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">\n");
        sb.Append("<noscript><p>JavaScript is off: press Continue to finish signing in.</p></noscript>\n");
        sb.Append("<button type=\"submit\">Continue</button>\n");
        sb.Append("</form>\n");
        sb.Append("<script>document.getElementById('answer').submit();</script>\n");
        return Page("Signing in", sb.ToString());
    }

    /// <summary>An HTML answer that must not be framed or cached (it carries codes and tokens).</summary>
    private sealed class HtmlResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
