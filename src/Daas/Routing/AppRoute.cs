namespace Daas.Routing;

/// <summary>
/// Where an app's traffic goes: the addresses of its serving instances (empty when nothing serves:
/// requests then get 502, or wait while <see cref="Held"/>).
/// </summary>
internal sealed record AppRoute(string App, IReadOnlyList<Uri> Destinations)
{
    /// <summary>HTTP Basic with DaaS's credentials in front of the app (the image's daas.auth=password).</summary>
    public bool PasswordProtected { get; init; }

    /// <summary>
    /// A stop-first deploy stopped the old instance and the new one is not healthy yet: requests
    /// wait (up to <see cref="AppForwarder.HoldLimit"/>) instead of failing.
    /// </summary>
    public bool Held { get; init; }

    /// <summary>A release of the app has passed the health gate at least once (or it is attached), so its host names get certificates.</summary>
    public bool Deployed { get; init; }

    /// <summary>A container DaaS did not start, routed by its network alias; DaaS neither deploys nor stops it.</summary>
    public bool Attached { get; init; }
}
