namespace JitDashboard.Features.Access;

/// <summary>Length limits shared by validation, the database and the UI.</summary>
public static class AccessLimits
{
    public const int JustificationMaxLength = 500;
    public const int TicketMaxLength = 64;
    public const int CommentMaxLength = 500;
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(5);
}
