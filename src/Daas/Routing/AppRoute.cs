namespace Daas.Routing;

/// <summary>
/// Where an app's traffic goes: the address of its current release's serving instance, or null
/// when nothing serves (requests then get 502, or wait while <see cref="Held"/>).
/// </summary>
internal sealed record AppRoute(string App, Uri? Destination)
{
    /// <summary>HTTP Basic with DaaS's credentials in front of the app (the image's daas.auth=password).</summary>
    public bool PasswordProtected { get; init; }

    /// <summary>
    /// A stop-first deploy stopped the old instance and the new one is not healthy yet: requests
    /// wait (up to <see cref="RoutingExtensions.HoldLimit"/>) instead of failing.
    /// </summary>
    public bool Held { get; init; }

    /// <summary>A release of the app has passed the health gate at least once, so its host names get certificates.</summary>
    public bool Deployed { get; init; }
}
