using Daas.Web.Api;

namespace Daas.Web.Ui;

/// <summary>What the delete confirmation names: the app, and the data that goes only when asked. Public for RazorSlices; members internal.</summary>
public sealed class DeleteAppModel
{
    internal DeleteAppModel(AppView app, IReadOnlyList<VolumeView> volumes, RepositoryView? repository) => (App, Volumes, Repository) = (app, volumes, repository);

    internal AppView App { get; }
    internal IReadOnlyList<VolumeView> Volumes { get; }

    /// <summary>The app's repository in DaaS's registry, if it has one.</summary>
    internal RepositoryView? Repository { get; }
}
