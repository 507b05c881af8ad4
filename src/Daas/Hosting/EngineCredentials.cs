using System.Security.Cryptography;

namespace Daas.Hosting;

/// <summary>
/// Credentials made fresh at every start for one client only: the Docker engine pulling a release
/// from DaaS's own registry. They are unguessable, read-only, and exempt from the failed-login
/// limit, so ten mistyped `docker login`s on the server cannot stop deploys for a minute.
/// </summary>
internal sealed class EngineCredentials
{
    public string Username { get; } = "daas-engine";
    public string Password { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
