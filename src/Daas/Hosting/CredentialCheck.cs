using System.Security.Cryptography;
using System.Text;

namespace Daas.Hosting;

/// <summary>
/// Compares a user name and password with USERNAME/PASSWORD in constant time (hashes first, so
/// not even the length leaks); the one check behind Basic auth and the sign-in form.
/// </summary>
internal sealed class CredentialCheck(DaasOptions options)
{
    public bool Matches(string user, string password) =>
        FixedTimeEquals(user, options.Username) & FixedTimeEquals(password, options.Password ?? "");

    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
