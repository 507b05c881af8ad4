using System.Text.RegularExpressions;

namespace Daas.Registry.Model;

/// <summary>
/// Repository names and tags by the OCI distribution spec's grammar. A valid name has no "..",
/// no leading "/" and no "_"-prefixed component, so it is safe as a relative path.
/// </summary>
internal static partial class RepositoryName
{
    public static bool IsValid(string name) => name.Length <= 255 && NamePattern().IsMatch(name);

    public static bool IsValidTag(string tag) => TagPattern().IsMatch(tag);

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();
}
