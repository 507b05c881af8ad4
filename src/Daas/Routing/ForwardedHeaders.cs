using Yarp.ReverseProxy.Forwarder;

namespace Daas.Routing;

/// <summary>
/// What the app sees of the request: every header as sent, the original Host, and
/// X-Forwarded-For, -Proto and -Host set by DaaS (a client's own values are replaced: DaaS is the edge).
/// </summary>
internal sealed class ForwardedHeaders : HttpTransformer
{
    public static readonly ForwardedHeaders Instance = new();

    private ForwardedHeaders()
    {
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        // The base copies every header, Host included (YARP's default transformer would drop Host).
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var headers = proxyRequest.Headers;
        headers.Remove("X-Forwarded-For");
        headers.Remove("X-Forwarded-Proto");
        headers.Remove("X-Forwarded-Host");
        if (httpContext.Connection.RemoteIpAddress is { } client)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString());
        }

        headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.IsHttps ? "https" : "http");
        if (httpContext.Request.Host.HasValue)
        {
            headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
        }
    }
}
