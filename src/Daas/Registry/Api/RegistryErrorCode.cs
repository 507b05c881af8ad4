namespace Daas.Registry.Api;

/// <summary>
/// The OCI distribution spec's error codes, each with the status it is sent with. MANIFEST_BLOB_UNKNOWN
/// is 400, not 404: the manifest PUT itself is bad (spec v1.1.1, "Pushing Manifests"), nothing was looked up.
/// </summary>
internal sealed record RegistryErrorCode(string Code, int Status, string Message)
{
    public static readonly RegistryErrorCode BlobUnknown = new("BLOB_UNKNOWN", 404, "blob unknown to registry");
    public static readonly RegistryErrorCode BlobUploadInvalid = new("BLOB_UPLOAD_INVALID", 400, "blob upload invalid");
    public static readonly RegistryErrorCode BlobUploadOutOfOrder = new("BLOB_UPLOAD_INVALID", 416, "chunk does not start at the end of the upload");
    public static readonly RegistryErrorCode BlobUploadUnknown = new("BLOB_UPLOAD_UNKNOWN", 404, "blob upload unknown to registry");
    public static readonly RegistryErrorCode DigestInvalid = new("DIGEST_INVALID", 400, "provided digest did not match uploaded content");
    public static readonly RegistryErrorCode ManifestBlobUnknown = new("MANIFEST_BLOB_UNKNOWN", 400, "manifest references a manifest or blob unknown to registry");
    public static readonly RegistryErrorCode ManifestInvalid = new("MANIFEST_INVALID", 400, "manifest invalid");
    public static readonly RegistryErrorCode ManifestUnknown = new("MANIFEST_UNKNOWN", 404, "manifest unknown to registry");
    public static readonly RegistryErrorCode NameInvalid = new("NAME_INVALID", 400, "invalid repository name");
    public static readonly RegistryErrorCode NameUnknown = new("NAME_UNKNOWN", 404, "repository name not known to registry");
    public static readonly RegistryErrorCode SizeInvalid = new("SIZE_INVALID", 400, "provided length did not match content length");
    public static readonly RegistryErrorCode TagInvalid = new("TAG_INVALID", 400, "manifest tag did not match URI");
    public static readonly RegistryErrorCode Unauthorized = new("UNAUTHORIZED", 401, "authentication required");
    public static readonly RegistryErrorCode TooManyRequests = new("TOOMANYREQUESTS", 429, "too many requests");
    public static readonly RegistryErrorCode Unsupported = new("UNSUPPORTED", 405, "the operation is unsupported");
    public static readonly RegistryErrorCode UnsupportedParameters = new("UNSUPPORTED", 400, "invalid set of parameters");
}
