using System.Collections.Frozen;

namespace Daas.Web.Ui;

/// <summary>
/// Serves wwwroot's files (embedded as "wwwroot/&lt;name&gt;") at /static/{file}, without
/// credentials: the sign-in page needs them. URLs carry no version, so browsers revalidate each
/// use (Cache-Control: no-cache) and get a bodiless 304 while the ETag matches.
/// </summary>
internal sealed class StaticAssets
{
    private const string Prefix = "wwwroot/";
    private readonly FrozenDictionary<string, StaticAsset> _files;

    public StaticAssets()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var files = new Dictionary<string, StaticAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[Prefix.Length..];
            files[name] = new StaticAsset(name, buffer.ToArray());
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public StaticAsset? Find(string name) => _files.GetValueOrDefault(name);

    public static IEndpointRouteBuilder MapStaticAssets(IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/static/{file}", [HttpMethods.Get, HttpMethods.Head], (Delegate)Serve).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(HttpContext context, string file, StaticAssets assets)
    {
        if (assets.Find(file) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        if (asset.IsMatchedBy(context.Request.Headers.IfNoneMatch))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
