namespace Daas.Web.Actions;

/// <summary>How an action on an app ended, for the API to turn into a status code and the UI into a message.</summary>
internal enum ActionStatus
{
    /// <summary>Done now; the value is the result.</summary>
    Done,

    /// <summary>Recorded durably; the app's deploy carries it out in the background.</summary>
    Accepted,

    /// <summary>There is no such app (or release, tag …); the detail says which.</summary>
    NotFound,

    /// <summary>The action contradicts the app's state, or the app is an attached container DaaS does not manage.</summary>
    Conflict,

    /// <summary>The input is invalid; <see cref="ActionOutcome{T}.Field"/> names it and the detail says why.</summary>
    Invalid,
}
