using System.Text.Json;

namespace Daas.Registry.Api;

/// <summary>Writes the spec's error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal static class RegistryErrors
{
    public static Task WriteAsync(HttpContext context, RegistryErrorCode error, string? detail = null)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        var body = new RegistryErrorBody([new RegistryErrorEntry(error.Code, error.Message, detail)]);
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, RegistryJsonContext.Default.RegistryErrorBody), context.RequestAborted);
    }

    public static IResult Result(RegistryErrorCode error, string? detail = null) => new RegistryErrorResult(error, detail);

    private sealed class RegistryErrorResult(RegistryErrorCode error, string? detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, error, detail);
    }
}
