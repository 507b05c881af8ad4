using Daas.Web.Api;

namespace Daas.Web.Ui;

/// <summary>The app page's releases table, also served alone for its polling. Public for RazorSlices; members internal.</summary>
public sealed class ReleasesPanelModel
{
    internal ReleasesPanelModel(AppView app, IReadOnlyList<ReleaseView> releases, DateTimeOffset now) => (App, Releases, Now) = (app, releases, now);

    internal AppView App { get; }

    /// <summary>Newest first.</summary>
    internal IReadOnlyList<ReleaseView> Releases { get; }
    internal DateTimeOffset Now { get; }
}
