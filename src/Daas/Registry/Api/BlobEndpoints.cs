using Daas.Registry.Model;

namespace Daas.Registry.Api;

/// <summary>GET and HEAD /v2/&lt;name&gt;/blobs/&lt;digest&gt;, with Range support.</summary>
internal static class BlobEndpoints
{
    public static IResult Get(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        if (!Digest.TryParse(route.Argument, out var digest))
        {
            return RegistryErrors.Result(RegistryErrorCode.DigestInvalid, $"'{route.Argument}' is not a valid digest");
        }

        var file = services.Blobs.Find(route.Name, digest.Value);
        if (file is null)
        {
            return RegistryErrors.Result(RegistryErrorCode.BlobUnknown, $"blob {digest} not found in {route.Name}");
        }

        context.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        context.Response.Headers.ETag = $"\"{digest}\"";
        return TypedResults.PhysicalFile(file.FullName, "application/octet-stream", enableRangeProcessing: true);
    }
}
