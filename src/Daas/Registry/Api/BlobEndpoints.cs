using Daas.Registry.Model;

namespace Daas.Registry.Api;

/// <summary>GET and HEAD /v2/&lt;name&gt;/blobs/&lt;digest&gt;, with Range support, and DELETE of the repository's link to a blob.</summary>
internal static class BlobEndpoints
{
    public static async Task<IResult> GetAsync(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        if (!Digest.TryParse(route.Argument, out var digest))
        {
            return InvalidDigest(route);
        }

        FileInfo? file;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            // A pusher that finds the blob will not upload it again: find and touch it under the
            // lock garbage collection holds, so it is spared until the manifest that needs it arrives.
            using (await services.Lock.AcquireAsync(context.RequestAborted))
            {
                file = services.Blobs.Find(route.Name, digest.Value);
                if (file is not null)
                {
                    services.Blobs.Touch(digest.Value);
                }
            }
        }
        else
        {
            file = services.Blobs.Find(route.Name, digest.Value);
        }

        if (file is null)
        {
            return Unknown(route, digest.Value);
        }

        context.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        context.Response.Headers.ETag = $"\"{digest}\"";
        if (HttpMethods.IsGet(context.Request.Method))
        {
            services.Metrics.BlobPulled();
        }

        var whole = HttpMethods.IsGet(context.Request.Method) && !context.Request.Headers.ContainsKey("Range");
        return whole
            ? new BlobContentResult(file)
            : TypedResults.PhysicalFile(file.FullName, "application/octet-stream", enableRangeProcessing: true);
    }

    /// <summary>
    /// Unlinks the blob from this repository; the shared file is left for garbage collection. Under
    /// the registry lock, so it cannot slip between a manifest PUT's check of its blobs and its store.
    /// </summary>
    public static async Task<IResult> DeleteAsync(RegistryServices services, RegistryRoute route, CancellationToken cancellationToken)
    {
        if (!Digest.TryParse(route.Argument, out var digest))
        {
            return InvalidDigest(route);
        }

        using (await services.Lock.AcquireAsync(cancellationToken))
        {
            return services.Blobs.Unlink(route.Name, digest.Value)
                ? TypedResults.StatusCode(StatusCodes.Status202Accepted)
                : Unknown(route, digest.Value);
        }
    }

    private static IResult InvalidDigest(RegistryRoute route) =>
        RegistryErrors.Result(RegistryErrorCode.DigestInvalid, $"'{route.Argument}' is not a valid digest");

    private static IResult Unknown(RegistryRoute route, Digest digest) =>
        RegistryErrors.Result(RegistryErrorCode.BlobUnknown, $"blob {digest} not found in {route.Name}");
}
