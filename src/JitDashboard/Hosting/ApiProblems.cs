using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace JitDashboard.Hosting;

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
