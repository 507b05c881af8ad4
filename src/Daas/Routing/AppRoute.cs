namespace Daas.Routing;

/// <summary>
/// Where an app's traffic goes: the address of its current release, or null when the app
/// exists but nothing healthy runs (then requests get 502).
/// </summary>
internal sealed record AppRoute(string App, Uri? Destination);
