namespace Daas.State;

/// <summary>An app as stored: its name (the repository and subdomain) and the release that should run.</summary>
internal sealed record AppRecord(string Name, long? CurrentReleaseId, DateTimeOffset CreatedAt);
