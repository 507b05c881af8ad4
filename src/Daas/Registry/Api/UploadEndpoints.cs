using System.Globalization;
using System.Text.RegularExpressions;
using Daas.Registry.Model;
using Daas.Registry.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Daas.Registry.Api;

/// <summary>
/// Blob uploads: POST (start, monolithic with ?digest=, or cross-repository ?mount=), PATCH
/// (append a chunk), PUT (finish with ?digest=), GET (status) and DELETE (cancel).
/// </summary>
internal static partial class UploadEndpoints
{
    public static async Task<IResult> StartAsync(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        var query = context.Request.Query;
        var cancellationToken = context.RequestAborted;
        if (query.TryGetValue("mount", out var mount) && Digest.TryParse(mount, out var mounted)
            && query.TryGetValue("from", out var from) && RepositoryName.IsValid(from.ToString()))
        {
            // Under the registry lock, so garbage collection cannot remove the blob between the check and the link.
            using (await services.Lock.AcquireAsync(cancellationToken))
            {
                if (services.Blobs.Find(from.ToString(), mounted.Value) is not null)
                {
                    await services.Blobs.LinkAsync(route.Name, mounted.Value, cancellationToken);
                    return BlobCreated(context, route.Name, mounted.Value);
                }
            }
        }

        var id = await services.Uploads.StartAsync(route.Name, cancellationToken);
        if (!query.TryGetValue("digest", out var digestValue))
        {
            return Accepted(context, route.Name, id, 0);
        }

        // A monolithic upload: the whole blob is this request's body.
        var (appended, size) = await services.Uploads.AppendAsync(route.Name, id, context.Request.Body, null, cancellationToken);
        return appended == UploadOutcome.Done
            ? await CompleteAsync(context, services, route.Name, id, digestValue.ToString(), size)
            : Failure(appended, route.Name, id, null, 0);
    }

    public static IResult Status(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        var size = IsValidId(route.Argument) ? services.Uploads.Size(route.Name, route.Argument) : null;
        if (size is null)
        {
            return RegistryErrors.Result(RegistryErrorCode.BlobUploadUnknown, $"upload {route.Argument} not found in {route.Name}");
        }

        SetUploadHeaders(context, route.Name, route.Argument, size.Value);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> PatchAsync(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        if (!IsValidId(route.Argument))
        {
            return RegistryErrors.Result(RegistryErrorCode.BlobUploadUnknown, $"upload {route.Argument} not found in {route.Name}");
        }

        long? start = null;
        var contentRange = context.Request.Headers.ContentRange.ToString();
        if (contentRange.Length > 0)
        {
            var match = ContentRangePattern().Match(contentRange);
            if (!match.Success)
            {
                return RegistryErrors.Result(RegistryErrorCode.BlobUploadOutOfOrder, $"Content-Range '{contentRange}' is not of the form <start>-<end>");
            }

            if (!long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return RegistryErrors.Result(RegistryErrorCode.BlobUploadOutOfOrder, $"Content-Range '{contentRange}' is out of range");
            }

            start = parsed;
        }

        var (outcome, size) = await services.Uploads.AppendAsync(route.Name, route.Argument, context.Request.Body, start, context.RequestAborted);
        return outcome == UploadOutcome.Done
            ? Accepted(context, route.Name, route.Argument, size)
            : Failure(outcome, route.Name, route.Argument, start, size);
    }

    public static async Task<IResult> PutAsync(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        var id = route.Argument;
        if (!IsValidId(id) || services.Uploads.Size(route.Name, id) is null)
        {
            return RegistryErrors.Result(RegistryErrorCode.BlobUploadUnknown, $"upload {id} not found in {route.Name}");
        }

        var (appended, size) = await services.Uploads.AppendAsync(route.Name, id, context.Request.Body, null, context.RequestAborted);
        return appended == UploadOutcome.Done
            ? await CompleteAsync(context, services, route.Name, id, context.Request.Query["digest"].ToString(), size)
            : Failure(appended, route.Name, id, null, size);
    }

    public static IResult Cancel(RegistryServices services, RegistryRoute route) =>
        IsValidId(route.Argument) && services.Uploads.Cancel(route.Name, route.Argument)
            ? TypedResults.NoContent()
            : RegistryErrors.Result(RegistryErrorCode.BlobUploadUnknown, $"upload {route.Argument} not found in {route.Name}");

    /// <summary>Verifies and stores the upload of <paramref name="size"/> bytes under <paramref name="digestValue"/>.</summary>
    private static async Task<IResult> CompleteAsync(HttpContext context, RegistryServices services, string name, string id, string digestValue, long size)
    {
        if (!Digest.TryParse(digestValue, out var digest))
        {
            services.Uploads.Cancel(name, id);
            return RegistryErrors.Result(RegistryErrorCode.DigestInvalid, $"'{digestValue}' is not a valid digest");
        }

        var outcome = await services.Uploads.CompleteAsync(name, id, digest.Value, context.RequestAborted);
        if (outcome != UploadOutcome.Done)
        {
            return Failure(outcome, name, id, null, 0, digest.Value);
        }

        services.Metrics.BlobUploaded(size);
        return BlobCreated(context, name, digest.Value);
    }

    private static IResult Failure(UploadOutcome outcome, string name, string id, long? start, long size, Digest? digest = null) => outcome switch
    {
        UploadOutcome.OutOfOrder => RegistryErrors.Result(RegistryErrorCode.BlobUploadOutOfOrder, $"chunk starts at {start}, upload is at {size}"),
        UploadOutcome.Busy => RegistryErrors.Result(RegistryErrorCode.BlobUploadInvalid, $"upload {id} is being written by another request; retry when it has finished"),
        UploadOutcome.DigestMismatch => RegistryErrors.Result(RegistryErrorCode.DigestInvalid, $"uploaded content does not match {digest}"),
        _ => RegistryErrors.Result(RegistryErrorCode.BlobUploadUnknown, $"upload {id} not found in {name}"),
    };

    private static Created BlobCreated(HttpContext context, string name, Digest digest)
    {
        context.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        return TypedResults.Created($"/v2/{name}/blobs/{digest}");
    }

    private static Accepted Accepted(HttpContext context, string name, string id, long size)
    {
        SetUploadHeaders(context, name, id, size);
        return TypedResults.Accepted($"/v2/{name}/blobs/uploads/{id}");
    }

    private static void SetUploadHeaders(HttpContext context, string name, string id, long size)
    {
        context.Response.Headers.Location = $"/v2/{name}/blobs/uploads/{id}";
        context.Response.Headers["Docker-Upload-UUID"] = id;
        context.Response.Headers.Range = $"0-{Math.Max(size - 1, 0)}";
    }

    private static bool IsValidId(string id) => UploadStore.IsValidId(id);

    [GeneratedRegex(@"^(?:bytes )?(\d+)-(\d+)$")]
    private static partial Regex ContentRangePattern();
}
