namespace Daas.Deploy;

/// <summary>
/// Asks the deployer to make <see cref="App"/> run <see cref="Digest"/> with its current env vars;
/// a null digest means "the digest of the current release" (used after an env change or a restart).
/// </summary>
internal sealed record DeployRequest(string App, string? Digest, string Reason);
