namespace Daas.Tls.Acme;

/// <summary>A renewalInfo body (RFC 9773 §4.2): the suggested window; explanationURL is not used.</summary>
internal sealed record AcmeRenewalWindow(AcmeRenewalWindow.Window SuggestedWindow)
{
    /// <summary>The window's bounds, RFC 3339 timestamps.</summary>
    internal sealed record Window(DateTimeOffset Start, DateTimeOffset End);
}
