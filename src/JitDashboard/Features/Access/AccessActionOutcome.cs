namespace JitDashboard.Features.Access;

public enum AccessActionOutcome
{
    Done,
    NotFound,

    /// <summary>Not allowed for this person (own request, someone else's request).</summary>
    Forbidden,

    /// <summary>The request is no longer in a state where the action applies (already decided, ended...).</summary>
    Conflict,

    Invalid,
}
