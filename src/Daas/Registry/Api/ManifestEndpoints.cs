using Daas.Registry.Model;
using Daas.Registry.Storage;

namespace Daas.Registry.Api;

/// <summary>
/// GET, HEAD, PUT and DELETE /v2/&lt;name&gt;/manifests/&lt;reference&gt;, where the reference is a
/// tag or a digest. GET and HEAD of a reference that is neither answer 404 MANIFEST_UNKNOWN, as the
/// reference registry does: no manifest can have that name. PUT and DELETE answer 400 TAG_INVALID
/// or DIGEST_INVALID, since there the client asks to act on a name that cannot exist. A PUT by tag
/// announces <see cref="ImagePushed"/> once the manifest is stored; a PUT of a manifest with a
/// <c>subject</c> answers <c>OCI-Subject</c> (the registry keeps the referrers list, not the
/// client); a DELETE by tag removes only the tag.
/// </summary>
internal static partial class ManifestEndpoints
{
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    public static async Task<IResult> GetAsync(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        var cancellationToken = context.RequestAborted;
        Digest? digest;
        if (Digest.TryParse(route.Argument, out var byDigest))
        {
            digest = byDigest;
        }
        else if (RepositoryName.IsValidTag(route.Argument))
        {
            digest = await services.Manifests.ResolveTagAsync(route.Name, route.Argument, cancellationToken);
        }
        else
        {
            // As the reference registry: a reference that cannot name a manifest names none, so 404, not 400.
            return RegistryErrors.Result(RegistryErrorCode.ManifestUnknown, $"'{route.Argument}' is neither a tag nor a digest, so no manifest in {route.Name}");
        }

        var manifest = digest is null ? null : await services.Manifests.GetAsync(route.Name, digest.Value, cancellationToken);
        if (manifest is null)
        {
            return RegistryErrors.Result(RegistryErrorCode.ManifestUnknown, $"manifest {route.Argument} not found in {route.Name}");
        }

        if (!ManifestAccept.Allows(context.Request.Headers.Accept, manifest.MediaType))
        {
            return RegistryErrors.Result(RegistryErrorCode.ManifestUnknown,
                $"manifest {route.Argument} in {route.Name} is {manifest.MediaType}, which the request's Accept header does not list");
        }

        context.Response.Headers["Docker-Content-Digest"] = manifest.Digest.ToString();
        context.Response.Headers.ETag = $"\"{manifest.Digest}\"";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentType = manifest.MediaType;
            context.Response.ContentLength = manifest.Content.Length;
            return TypedResults.Empty;
        }

        services.Metrics.ManifestPulled();
        return TypedResults.Bytes(manifest.Content, manifest.MediaType);
    }

    public static async Task<IResult> PutAsync(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        var cancellationToken = context.RequestAborted;
        var byDigest = Digest.TryParse(route.Argument, out var referenceDigest);
        if (!byDigest && !RepositoryName.IsValidTag(route.Argument))
        {
            return InvalidReference(route.Argument);
        }

        var content = await ReadBodyAsync(context.Request, cancellationToken);
        if (content is null)
        {
            return RegistryErrors.Result(RegistryErrorCode.ManifestInvalid, $"manifest is larger than {MaxManifestBytes} bytes");
        }

        var digest = byDigest && referenceDigest!.Value.Algorithm == "sha512"
            ? new Digest("sha512", Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(content)))
            : Digest.Sha256(content);
        if (byDigest && digest != referenceDigest)
        {
            return RegistryErrors.Result(RegistryErrorCode.DigestInvalid, $"manifest content has digest {digest}, not {referenceDigest}");
        }

        var parsed = ManifestParser.Parse(content, context.Request.ContentType);
        if (parsed.Error is not null)
        {
            return RegistryErrors.Result(RegistryErrorCode.ManifestInvalid, parsed.Error);
        }

        var tag = byDigest ? null : route.Argument;
        using (await services.Lock.AcquireAsync(cancellationToken))
        {
            // Held from checking (and touching) the references to storing, so garbage collection
            // cannot remove a checked blob in between: its sweep re-checks each blob's time under this lock.
            var referenceError = ManifestReferences.Check(services, route.Name, parsed);
            if (referenceError is not null)
            {
                return referenceError;
            }

            await services.Manifests.PutAsync(route.Name, tag, new StoredManifest(digest, parsed.MediaType, content), parsed.Subject?.Digest, cancellationToken);
            services.Metrics.ManifestPushed();

            // Still under the lock, so deploys are queued in the order the tag moved.
            if (tag is not null && IsRunnableImage(parsed))
            {
                await AnnounceAsync(services, new ImagePushed(route.Name, tag, digest), cancellationToken);
            }
        }

        context.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        if (parsed.Subject is not null)
        {
            context.Response.Headers["OCI-Subject"] = parsed.Subject.Digest.ToString();
        }

        return TypedResults.Created($"/v2/{route.Name}/manifests/{digest}");
    }

    /// <summary>By digest: removes the manifest, its tags and its referrer link. By tag: removes the tag only.</summary>
    public static async Task<IResult> DeleteAsync(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        var cancellationToken = context.RequestAborted;
        bool deleted;
        // Under the registry lock, so a delete cannot interleave with a push of the same manifest or tag.
        using var held = await services.Lock.AcquireAsync(cancellationToken);
        if (Digest.TryParse(route.Argument, out var digest))
        {
            var manifest = await services.Manifests.GetAsync(route.Name, digest.Value, cancellationToken);
            var subject = manifest is null ? null : ManifestParser.Parse(manifest.Content, manifest.MediaType).Subject?.Digest;
            deleted = await services.Manifests.DeleteAsync(route.Name, digest.Value, subject, cancellationToken);
        }
        else if (RepositoryName.IsValidTag(route.Argument))
        {
            deleted = services.Manifests.DeleteTag(route.Name, route.Argument);
        }
        else
        {
            return InvalidReference(route.Argument);
        }

        return deleted
            ? TypedResults.StatusCode(StatusCodes.Status202Accepted)
            : RegistryErrors.Result(RegistryErrorCode.ManifestUnknown, $"manifest {route.Argument} not found in {route.Name}");
    }

    /// <summary>A reference that is neither a tag nor a digest: DIGEST_INVALID if it looks like a digest (has a ':'), else TAG_INVALID.</summary>
    private static IResult InvalidReference(string reference) =>
        reference.Contains(':', StringComparison.Ordinal)
            ? RegistryErrors.Result(RegistryErrorCode.DigestInvalid, $"'{reference}' is not a valid digest")
            : RegistryErrors.Result(RegistryErrorCode.TagInvalid, $"'{reference}' is neither a tag nor a digest");

    /// <summary>An image or image index, not a signature, SBOM or other artifact pushed under a tag.</summary>
    private static bool IsRunnableImage(ParsedManifest parsed) =>
        parsed.ArtifactType is null && (parsed.IsIndex || parsed.ConfigMediaType is MediaTypes.DockerImageConfig or MediaTypes.OciImageConfig);

    private static async Task AnnounceAsync(RegistryServices services, ImagePushed pushed, CancellationToken cancellationToken)
    {
        foreach (var listener in services.Listeners)
        {
            await listener.OnImagePushedAsync(pushed, cancellationToken);
        }

        var digest = pushed.Digest.ToString();
        Log.Pushed(services.Logger, pushed.Repository, pushed.Tag, digest);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxManifestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Manifest pushed: {Repository}:{Tag} is {Digest}")]
        public static partial void Pushed(ILogger logger, string repository, string tag, string digest);
    }
}
