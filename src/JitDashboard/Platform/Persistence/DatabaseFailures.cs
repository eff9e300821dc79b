namespace JitDashboard.Platform.Persistence;

/// <summary>How the app recognises a database outage, for the error page and the API's 503.</summary>
public static class DatabaseFailures
{
    /// <summary>A database that is locked, stopped or unreachable, wherever EF or the provider wrapped it.</summary>
    public static bool IsUnavailable(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
                return true;
        }

        return false;
    }
}
