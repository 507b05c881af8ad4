namespace Daas.Registry.Api;

/// <summary>One page of a lexically sorted list; <see cref="HasMore"/> says a next page exists (and a Link header is due).</summary>
internal sealed record Page(IReadOnlyList<string> Items, bool HasMore);
