namespace Daas.Web.Api;

/// <summary>How an app's serving instance is doing, as a user sees it.</summary>
internal enum AppHealth
{
    /// <summary>Running; its image has no HEALTHCHECK.</summary>
    None,

    /// <summary>Running; its HEALTHCHECK has not passed yet.</summary>
    Starting,

    /// <summary>Running and its HEALTHCHECK passes.</summary>
    Healthy,

    /// <summary>Running but its HEALTHCHECK fails.</summary>
    Unhealthy,

    /// <summary>Nothing of it is running.</summary>
    Down,
}
