namespace Daas.Hosting;

/// <summary>Who a request's Host header addresses.</summary>
internal enum HostKind
{
    /// <summary>Neither DaaS nor a name under its domain: answered with a plain 404.</summary>
    Unknown,

    /// <summary>DOMAIN_NAME itself, or an IP address: the registry, the UI and the API.</summary>
    Daas,

    /// <summary>One label under DOMAIN_NAME: an app, if one of that name exists.</summary>
    App,
}
