using Daas.Web.Api;

namespace Daas.Web.Ui;

/// <summary>The registry page's data. Public for RazorSlices; members internal.</summary>
public sealed class RegistryPageModel
{
    internal RegistryPageModel(long totalBytes, IReadOnlyList<RepositoryView> repositories, string registry) => (TotalBytes, Repositories, Registry) = (totalBytes, repositories, registry);

    internal long TotalBytes { get; }
    internal IReadOnlyList<RepositoryView> Repositories { get; }
    internal string Registry { get; }
}
