namespace Daas.Registry.Api;

/// <summary>The body of GET /v2/&lt;name&gt;/tags/list.</summary>
internal sealed record TagList(string Name, IReadOnlyList<string> Tags);

/// <summary>The body of GET /v2/_catalog.</summary>
internal sealed record RepositoryCatalog(IReadOnlyList<string> Repositories);

/// <summary>The spec's error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal sealed record RegistryErrorBody(IReadOnlyList<RegistryErrorEntry> Errors);

/// <summary>One entry of <see cref="RegistryErrorBody"/>.</summary>
internal sealed record RegistryErrorEntry(string Code, string Message, string? Detail);
