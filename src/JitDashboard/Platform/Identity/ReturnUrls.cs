namespace JitDashboard.Platform.Identity;

/// <summary>Keeps return URLs on this site: an open redirect after sign-in would hand a phisher our sign-in page.</summary>
public static class ReturnUrls
{
    /// <summary>The URL when it is a local path ("/x", not "//host" nor "/\host"); otherwise "/".</summary>
    public static string Sanitize(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/')
            return "/";
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
            return "/";
        if (returnUrl.Any(char.IsControl))
            return "/";
        return returnUrl;
    }
}
