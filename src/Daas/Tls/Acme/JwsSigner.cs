using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Daas.Tls.Acme;

/// <summary>
/// Signs ACME requests with the account key as flattened JWS (RFC 8555 §6.2, RFC 7515 §7.2.2):
/// ES256 over <c>protected.payload</c>, the signature in the fixed-width r‖s form JWS wants
/// (which is what <see cref="ECDsa.SignData(byte[], HashAlgorithmName)"/> gives). Also the key's
/// JWK thumbprint (RFC 7638), which key authorizations are built from. The private key never
/// leaves the <see cref="ECDsa"/> it was given.
/// </summary>
internal sealed class JwsSigner
{
    private readonly ECDsa _key;
    private readonly ECParameters _publicKey;

    /// <summary>An <see cref="ECDsa"/> is not documented as safe for concurrent use; orders may sign at once.</summary>
    private readonly Lock _signing = new();

    public JwsSigner(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            throw new ArgumentException($"ES256 needs a P-256 account key; this one has {key.KeySize} bits", nameof(key));
        }

        _key = key;
        _publicKey = key.ExportParameters(includePrivateParameters: false);
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(Jwk()));
    }

    /// <summary>base64url(SHA-256(the JWK's members crv, kty, x, y in that order, no whitespace)).</summary>
    public string Thumbprint { get; }

    /// <summary>The key authorization for a challenge token (RFC 8555 §8.1): <c>token.thumbprint</c>.</summary>
    public string KeyAuthorization(string token) => $"{token}.{Thumbprint}";

    /// <summary>
    /// A JWS body for a POST to <paramref name="url"/>. With <paramref name="kid"/> (the account
    /// URL) the header names the account; without it, it carries the public key as <c>jwk</c>,
    /// which only newAccount takes. A null <paramref name="payload"/> is POST-as-GET (empty payload).
    /// </summary>
    public byte[] Sign(Uri url, string nonce, Uri? kid, byte[]? payload)
    {
        var header = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(header))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "ES256");
            if (kid is null)
            {
                writer.WritePropertyName("jwk");
                writer.WriteRawValue(Jwk(), skipInputValidation: true);
            }
            else
            {
                writer.WriteString("kid", kid.AbsoluteUri);
            }

            writer.WriteString("nonce", nonce);
            writer.WriteString("url", url.AbsoluteUri);
            writer.WriteEndObject();
        }

        var protectedHeader = Base64Url.EncodeToString(header.WrittenSpan);
        var encodedPayload = payload is null ? "" : Base64Url.EncodeToString(payload);
        byte[] signature;
        lock (_signing)
        {
            signature = _key.SignData(Encoding.ASCII.GetBytes($"{protectedHeader}.{encodedPayload}"), HashAlgorithmName.SHA256);
        }

        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("protected", protectedHeader);
            writer.WriteString("payload", encodedPayload);
            writer.WriteString("signature", Base64Url.EncodeToString(signature));
            writer.WriteEndObject();
        }

        return body.WrittenSpan.ToArray();
    }

    /// <summary>The public key as a JWK in RFC 7638's canonical form, so it doubles as the thumbprint input.</summary>
    private byte[] Jwk()
    {
        var jwk = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(jwk))
        {
            writer.WriteStartObject();
            writer.WriteString("crv", "P-256");
            writer.WriteString("kty", "EC");
            writer.WriteString("x", Base64Url.EncodeToString(_publicKey.Q.X));
            writer.WriteString("y", Base64Url.EncodeToString(_publicKey.Q.Y));
            writer.WriteEndObject();
        }

        return jwk.WrittenSpan.ToArray();
    }
}
