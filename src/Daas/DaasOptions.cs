using System.Net;
using System.Text.RegularExpressions;
using Daas.Tls.Acme;

namespace Daas;

/// <summary>
/// DaaS's settings, read once from environment variables and validated, so that a bad value stops
/// start-up with one clear message instead of failing later in a request.
/// </summary>
internal sealed partial record DaasOptions
{
    public required string DomainName { get; init; }
    public required string Username { get; init; }

    /// <summary>The password; null until <see cref="Hosting.PasswordFile"/> has generated or read one.</summary>
    public string? Password { get; init; }
    public int HttpPort { get; init; } = 80;
    public int HttpsPort { get; init; } = 443;

    /// <summary>The ACME server's directory, or null when DaaS's local CA issues the certificates (local mode).</summary>
    public Uri? AcmeDirectory { get; init; } = LetsEncrypt;

    /// <summary>The contact given to the ACME account, if any.</summary>
    public string? AcmeEmail { get; init; }

    /// <summary>A PEM file of extra roots to trust for the ACME server's own HTTPS (a test CA such as Pebble's).</summary>
    public string? AcmeCaBundle { get; init; }

    public AcmeChallengeType AcmeChallenge { get; init; } = AcmeChallengeType.Http01;
    public required string DataDir { get; init; }
    public string NetworkName { get; init; } = "daas";
    public string DockerHost { get; init; } = "unix:///var/run/docker.sock";

    /// <summary>How long a new release may take to answer before the deploy is given up.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often Docker is reconciled with State between events (a removed or stopped app container comes back).</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failed logins one client (an IPv4 address, an IPv6 /64) may make per minute before its credentialed requests get 429.</summary>
    public int LoginFailuresPerMinute { get; init; } = 10;

    /// <summary>The longest the old release keeps its in-flight requests after the route has moved; it is stopped as soon as they end.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True when LOG_FORMAT=json: one JSON object per console line instead of readable lines.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>What apps run as: containers of one engine, Swarm services, or (auto) Swarm when the engine is a Swarm manager.</summary>
    public Orchestrator Orchestrator { get; init; } = Orchestrator.Auto;

    /// <summary>host[:port] every Swarm node pulls app images from (REGISTRY_ADDRESS); null means DOMAIN_NAME over HTTPS.</summary>
    public string? RegistryAddress { get; init; }

    /// <summary>Let's Encrypt's production directory, the default ACME server.</summary>
    public static readonly Uri LetsEncrypt = new("https://acme-v02.api.letsencrypt.org/directory");

    /// <summary>True when certificates come from DaaS's local CA instead of an ACME server.</summary>
    public bool UsesLocalCa => AcmeDirectory is null;

    /// <summary>
    /// Reads the settings from configuration keys named like the environment variables
    /// (DOMAIN_NAME, USERNAME, ...). Throws <see cref="StartupException"/> naming the bad setting.
    /// </summary>
    public static DaasOptions FromConfiguration(IConfiguration configuration)
    {
        var domain = (Get(configuration, "DOMAIN_NAME") ?? "localhost").Trim().TrimEnd('.').ToLowerInvariant();
        if (!IsValidDomain(domain))
        {
            throw new StartupException($"DOMAIN_NAME '{domain}' is not a valid host name (expected something like example.com)");
        }

        var username = Get(configuration, "USERNAME") ?? "admin";
        if (username.Length == 0 || username.Contains(':', StringComparison.Ordinal) || username.Any(char.IsWhiteSpace))
        {
            throw new StartupException("USERNAME must be non-empty and contain no ':' or spaces");
        }

        var password = Get(configuration, "PASSWORD");
        var dataDir = Path.GetFullPath(Get(configuration, "DATA_DIR") ?? "/var/lib/daas");
        var network = Get(configuration, "NETWORK_NAME") ?? "daas";
        if (!NetworkNamePattern().IsMatch(network))
        {
            throw new StartupException($"NETWORK_NAME '{network}' is not a valid Docker network name");
        }

        var dockerHost = Get(configuration, "DOCKER_HOST") ?? "unix:///var/run/docker.sock";
        if (!Uri.TryCreate(dockerHost, UriKind.Absolute, out var dockerUri) || dockerUri.Scheme is not ("unix" or "tcp" or "http" or "https"))
        {
            throw new StartupException($"DOCKER_HOST '{dockerHost}' is not an engine address (expected unix:///path or tcp://host:port)");
        }

        var httpPort = ParsePort(Get(configuration, "HTTP_PORT"), "HTTP_PORT", 80);
        var httpsPort = ParsePort(Get(configuration, "HTTPS_PORT"), "HTTPS_PORT", 443);
        if (httpsPort == httpPort)
        {
            throw new StartupException($"HTTPS_PORT {httpsPort} is also HTTP_PORT; they must differ");
        }

        var email = Get(configuration, "ACME_EMAIL");
        if (email is not null && (!email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)))
        {
            throw new StartupException($"ACME_EMAIL '{email}' is not an e-mail address");
        }

        var logFormat = Get(configuration, "LOG_FORMAT")?.ToLowerInvariant() ?? "text";
        if (logFormat is not ("text" or "json"))
        {
            throw new StartupException($"LOG_FORMAT '{logFormat}' is not text or json");
        }

        var registryAddress = Get(configuration, "REGISTRY_ADDRESS")?.Trim().TrimEnd('/');
        if (registryAddress is not null && !IsRegistryAddress(registryAddress))
        {
            throw new StartupException($"REGISTRY_ADDRESS '{registryAddress}' is not host or host:port (expected something like registry.example.com or 10.0.0.5:8080)");
        }

        return new DaasOptions
        {
            DomainName = domain,
            Username = username,
            Password = password,
            HttpPort = httpPort,
            HttpsPort = httpsPort,
            AcmeDirectory = ParseAcmeDirectory(Get(configuration, "ACME_DIRECTORY"), domain),
            AcmeEmail = email,
            AcmeCaBundle = Get(configuration, "ACME_CA_BUNDLE") is { } bundle ? Path.GetFullPath(bundle) : null,
            AcmeChallenge = ParseChallenge(Get(configuration, "ACME_CHALLENGE")),
            DataDir = dataDir,
            NetworkName = network,
            DockerHost = dockerHost,
            HealthTimeout = TimeSpan.FromSeconds(ParsePositive(Get(configuration, "HEALTH_TIMEOUT"), "HEALTH_TIMEOUT", 60)),
            DrainTimeout = ParseSeconds(Get(configuration, "DRAIN_TIMEOUT"), "DRAIN_TIMEOUT", 30),
            ReconcileInterval = TimeSpan.FromSeconds(ParsePositive(Get(configuration, "RECONCILE_INTERVAL"), "RECONCILE_INTERVAL", 60)),
            LoginFailuresPerMinute = ParsePositive(Get(configuration, "LOGIN_FAILURES_PER_MINUTE"), "LOGIN_FAILURES_PER_MINUTE", 10),
            JsonLogs = logFormat == "json",
            Orchestrator = ParseOrchestrator(Get(configuration, "ORCHESTRATOR")),
            RegistryAddress = registryAddress,
        };
    }

    /// <summary>Leaves the password out of the generated ToString, so no log line can carry it.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"DomainName = {DomainName}, Username = {Username}, HttpPort = {HttpPort}, HttpsPort = {HttpsPort}, DataDir = {DataDir}");
        return true;
    }

    /// <summary>
    /// True for a host name of dot-separated DNS labels, or "localhost". IP addresses are refused:
    /// apps live at &lt;app&gt;.DOMAIN_NAME, and an address has no subdomains.
    /// </summary>
    public static bool IsValidDomain(string domain) =>
        domain.Length <= 253 && !IPAddress.TryParse(domain, out _) && DomainPattern().IsMatch(domain);

    private static string? Get(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>
    /// "internal", or a DOMAIN_NAME that no public CA can issue for (localhost), means the local CA;
    /// otherwise an https URL of an ACME directory, Let's Encrypt's by default.
    /// </summary>
    private static Uri? ParseAcmeDirectory(string? value, string domain)
    {
        if (string.Equals(value, "internal", StringComparison.OrdinalIgnoreCase) || (value is null && IsLocalDomain(domain)))
        {
            return null;
        }

        if (value is null)
        {
            return LetsEncrypt;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : throw new StartupException($"ACME_DIRECTORY '{value}' is neither 'internal' nor an https URL of an ACME directory");
    }

    private static bool IsLocalDomain(string domain) =>
        domain == "localhost" || domain.EndsWith(".localhost", StringComparison.Ordinal);

    private static AcmeChallengeType ParseChallenge(string? value) => value?.ToLowerInvariant() switch
    {
        null or "http-01" => AcmeChallengeType.Http01,
        "tls-alpn-01" => AcmeChallengeType.TlsAlpn01,
        _ => throw new StartupException($"ACME_CHALLENGE '{value}' is not http-01 or tls-alpn-01"),
    };

    private static Orchestrator ParseOrchestrator(string? value) => value?.ToLowerInvariant() switch
    {
        null or "auto" => Orchestrator.Auto,
        "docker" => Orchestrator.Docker,
        "swarm" => Orchestrator.Swarm,
        _ => throw new StartupException($"ORCHESTRATOR '{value}' is not auto, docker or swarm"),
    };

    /// <summary>A host name or IPv4 address, with an optional port: what an image reference starts with.</summary>
    private static bool IsRegistryAddress(string value)
    {
        var colon = value.LastIndexOf(':');
        var host = colon < 0 ? value : value[..colon];
        var portOk = colon < 0 || (int.TryParse(value[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535);
        return portOk && host.Length > 0 && ((IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) || DomainPattern().IsMatch(host));
    }

    private static int ParsePort(string? value, string name, int fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, out var port) && port is > 0 and <= 65535
            ? port
            : throw new StartupException($"{name} '{value}' is not a port number (1-65535)");
    }

    private static int ParsePositive(string? value, string name, int fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, out var number) && number > 0
            ? number
            : throw new StartupException($"{name} '{value}' is not a positive whole number");
    }

    private static TimeSpan ParseSeconds(string? value, string name, int fallback)
    {
        if (value is null)
        {
            return TimeSpan.FromSeconds(fallback);
        }

        return int.TryParse(value, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new StartupException($"{name} '{value}' is not a whole number of seconds");
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$")]
    private static partial Regex NetworkNamePattern();
}

/// <summary>What DaaS runs apps as (ORCHESTRATOR).</summary>
internal enum Orchestrator
{
    /// <summary>Swarm services when the engine is an active Swarm manager, else containers.</summary>
    Auto,

    /// <summary>Plain containers of the one engine at DOCKER_HOST.</summary>
    Docker,

    /// <summary>Swarm services; start-up fails when the engine is not a Swarm manager.</summary>
    Swarm,
}
