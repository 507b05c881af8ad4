namespace Daas.Registry.Storage;

/// <summary>How an append to, or the completion of, an upload session ended.</summary>
internal enum UploadOutcome
{
    /// <summary>The chunk was appended, or the blob was verified and committed.</summary>
    Done,

    /// <summary>There is no such upload session (never started, cancelled, expired or already completed).</summary>
    UnknownUpload,

    /// <summary>The chunk does not start where the upload ends.</summary>
    OutOfOrder,

    /// <summary>Another request is writing to or completing the same upload right now.</summary>
    Busy,

    /// <summary>The uploaded bytes do not hash to the digest the client named.</summary>
    DigestMismatch,
}
