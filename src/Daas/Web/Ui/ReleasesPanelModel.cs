using Daas.Web.Api;

namespace Daas.Web.Ui;

/// <summary>The app page's releases table, also served alone for its polling. Public for RazorSlices; members internal.</summary>
public sealed class ReleasesPanelModel
{
    internal ReleasesPanelModel(AppView app, IReadOnlyList<ReleaseView> releases, DateTimeOffset now, bool outOfBandSummary = false) =>
        (App, Releases, Now, OutOfBandSummary) = (app, releases, now, outOfBandSummary);

    internal AppView App { get; }

    /// <summary>Newest first.</summary>
    internal IReadOnlyList<ReleaseView> Releases { get; }
    internal DateTimeOffset Now { get; }

    /// <summary>True when served alone for the polling: the app's state line comes with it, for htmx to swap in out of band.</summary>
    internal bool OutOfBandSummary { get; }
}
