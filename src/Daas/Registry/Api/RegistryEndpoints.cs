using Daas.Hosting;
using Daas.Registry.Model;

namespace Daas.Registry.Api;

/// <summary>
/// Maps /v2/ (the OCI distribution API) behind Basic auth and dispatches each request to the
/// endpoint file of its spec resource.
/// </summary>
internal static class RegistryEndpoints
{
    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder routes)
    {
        // Cast to Delegate so the returned IResult is executed, not discarded as a RequestDelegate's Task.
        routes.MapMethods("/v2", [HttpMethods.Get, HttpMethods.Head], (Delegate)((HttpContext context) => DispatchAsync(context, "")))
            .RequireAuthorization(AuthNames.RegistryPolicy).ExcludeFromDescription();
        routes.MapMethods("/v2/{**path}", [HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete],
                (Delegate)((HttpContext context, string? path) => DispatchAsync(context, path ?? "")))
            .RequireAuthorization(AuthNames.RegistryPolicy).ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> DispatchAsync(HttpContext context, string path)
    {
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        var services = context.RequestServices.GetRequiredService<RegistryServices>();
        var route = RegistryRoute.Parse(path);
        if (route is null)
        {
            return RegistryErrors.Result(RegistryErrorCode.NameUnknown, $"no registry resource at /v2/{path}");
        }

        if (route.Resource is not (RegistryResource.Base or RegistryResource.Catalog) && !RepositoryName.IsValid(route.Name))
        {
            return RegistryErrors.Result(RegistryErrorCode.NameInvalid, $"'{route.Name}' is not a valid repository name");
        }

        var method = context.Request.Method;
        return route.Resource switch
        {
            RegistryResource.Base => TypedResults.Text("{}", "application/json"),
            RegistryResource.Catalog when HttpMethods.IsGet(method) => CatalogEndpoints.List(context, services),
            RegistryResource.Tags when HttpMethods.IsGet(method) => TagEndpoints.List(context, services, route.Name),
            RegistryResource.Manifest when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => await ManifestEndpoints.GetAsync(context, services, route),
            RegistryResource.Manifest when HttpMethods.IsPut(method) => await ManifestEndpoints.PutAsync(context, services, route),
            RegistryResource.Manifest when HttpMethods.IsDelete(method) => await ManifestEndpoints.DeleteAsync(context, services, route),
            RegistryResource.Referrers when HttpMethods.IsGet(method) => await ReferrerEndpoints.GetAsync(context, services, route),
            RegistryResource.Blob when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => await BlobEndpoints.GetAsync(context, services, route),
            RegistryResource.Blob when HttpMethods.IsDelete(method) => await BlobEndpoints.DeleteAsync(services, route, context.RequestAborted),
            RegistryResource.UploadStart when HttpMethods.IsPost(method) => await UploadEndpoints.StartAsync(context, services, route),
            RegistryResource.Upload when HttpMethods.IsGet(method) => UploadEndpoints.Status(context, services, route),
            RegistryResource.Upload when HttpMethods.IsPatch(method) => await UploadEndpoints.PatchAsync(context, services, route),
            RegistryResource.Upload when HttpMethods.IsPut(method) => await UploadEndpoints.PutAsync(context, services, route),
            RegistryResource.Upload when HttpMethods.IsDelete(method) => UploadEndpoints.Cancel(services, route),
            _ => RegistryErrors.Result(RegistryErrorCode.Unsupported, $"{method} is not supported on this resource"),
        };
    }
}
