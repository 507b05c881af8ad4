using Microsoft.Extensions.Logging;

namespace Daas.Tls.Acme;

/// <summary>The client's log lines: hosts, challenge types and URLs, never key material.</summary>
internal sealed partial class AcmeClient
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4902, Level = LogLevel.Information, Message = "ACME account {Account} {How}")]
        public static partial void AccountReady(ILogger logger, Uri account, string how);

        [LoggerMessage(EventId = 4903, Level = LogLevel.Debug, Message = "{Host}: the CA reused a valid authorization; no challenge to answer")]
        public static partial void AuthorizationReused(ILogger logger, string host);

        [LoggerMessage(EventId = 4904, Level = LogLevel.Information, Message = "{Host}: answering the {Challenge} challenge")]
        public static partial void Validating(ILogger logger, string host, string challenge);

        [LoggerMessage(EventId = 4905, Level = LogLevel.Information, Message = "{Host}: validated by {Challenge}")]
        public static partial void Validated(ILogger logger, string host, string challenge);

        [LoggerMessage(EventId = 4906, Level = LogLevel.Information, Message = "{Host}: certificate issued by {Issuer}, valid until {NotAfter:O}")]
        public static partial void Issued(ILogger logger, string host, string issuer, DateTimeOffset notAfter);

        [LoggerMessage(EventId = 4907, Level = LogLevel.Warning, Message = "{Host}: the server refused the order naming the certificate it replaces ({Problem}); ordering without replaces")]
        public static partial void ReplacesRefused(ILogger logger, string host, string problem);
    }
}
