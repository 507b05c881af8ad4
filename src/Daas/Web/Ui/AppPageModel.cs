using Daas.Web.Api;

namespace Daas.Web.Ui;

/// <summary>An app page's data: the app, its releases, env vars and volumes. Public for RazorSlices; members internal.</summary>
public sealed class AppPageModel
{
    internal AppPageModel(AppView app, ReleasesPanelModel releases, IReadOnlyDictionary<string, string> env, IReadOnlyList<VolumeView> volumes) =>
        (App, Releases, Env, Volumes) = (app, releases, env, volumes);

    internal AppView App { get; }
    internal ReleasesPanelModel Releases { get; }
    internal IReadOnlyDictionary<string, string> Env { get; }
    internal IReadOnlyList<VolumeView> Volumes { get; }
}
