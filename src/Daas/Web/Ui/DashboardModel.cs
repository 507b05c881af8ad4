using Daas.Web.Api;

namespace Daas.Web.Ui;

/// <summary>The dashboard's data. Public because RazorSlices' generated proxies are; its members stay internal.</summary>
public sealed class DashboardModel
{
    internal DashboardModel(IReadOnlyList<AppView> apps, string registry, DateTimeOffset now) => (Apps, Registry, Now) = (apps, registry, now);

    internal IReadOnlyList<AppView> Apps { get; }

    /// <summary>The registry's name as docker push addresses it (DOMAIN_NAME).</summary>
    internal string Registry { get; }

    internal DateTimeOffset Now { get; }
}
