using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Daas.Tls.Acme;

namespace Daas.Tests.Tls.Acme;

public sealed class JwsSignerTests
{
    private static readonly Uri Url = new("https://ca.test/acme/new-order");
    private static readonly Uri Kid = new("https://ca.test/acme/acct/17");

    [Fact]
    public void Sign_WithKid_SignsProtectedDotPayloadWithTheAccountKey()
    {
        // Given
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new JwsSigner(key);

        // When
        var jws = Parse(signer.Sign(Url, "nonce-1", Kid, """{"a":1}"""u8.ToArray()));

        // Then
        var signature = Base64Url.DecodeFromChars(jws.Signature);
        Assert.Equal(64, signature.Length);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{jws.Protected}.{jws.Payload}"), signature, HashAlgorithmName.SHA256));
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jws.Payload)));
    }

    [Fact]
    public void Sign_WithKid_HeaderHasAlgNonceUrlAndKidButNoJwk()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var header = Header(Parse(new JwsSigner(key).Sign(Url, "nonce-1", Kid, [])));

        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("nonce-1", header.GetProperty("nonce").GetString());
        Assert.Equal(Url.AbsoluteUri, header.GetProperty("url").GetString());
        Assert.Equal(Kid.AbsoluteUri, header.GetProperty("kid").GetString());
        Assert.False(header.TryGetProperty("jwk", out _));
    }

    [Fact]
    public void Sign_WithoutKid_HeaderCarriesThePublicKeyAsJwk()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = key.ExportParameters(includePrivateParameters: false);

        var header = Header(Parse(new JwsSigner(key).Sign(Url, "nonce-1", kid: null, [])));

        var jwk = header.GetProperty("jwk");
        Assert.False(header.TryGetProperty("kid", out _));
        Assert.Equal("EC", jwk.GetProperty("kty").GetString());
        Assert.Equal("P-256", jwk.GetProperty("crv").GetString());
        Assert.Equal(publicKey.Q.X, Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()));
        Assert.Equal(publicKey.Q.Y, Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()));
        Assert.False(jwk.TryGetProperty("d", out _));
    }

    [Fact]
    public void Sign_PostAsGet_HasAnEmptyPayloadThatIsStillSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var jws = Parse(new JwsSigner(key).Sign(Url, "nonce-1", Kid, payload: null));

        Assert.Equal("", jws.Payload);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{jws.Protected}."), Base64Url.DecodeFromChars(jws.Signature), HashAlgorithmName.SHA256));
    }

    [Fact]
    public void Thumbprint_IsSha256OfTheCanonicalJwk()
    {
        // Given
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = key.ExportParameters(includePrivateParameters: false);
        var x = Base64Url.EncodeToString(publicKey.Q.X);
        var y = Base64Url.EncodeToString(publicKey.Q.Y);

        // When
        var signer = new JwsSigner(key);

        // Then: RFC 7638 §3: the required members in lexicographic order, no whitespace
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), signer.Thumbprint);
        Assert.Equal($"token-1.{signer.Thumbprint}", signer.KeyAuthorization("token-1"));
    }

    [Fact]
    public void Constructor_P384Key_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => new JwsSigner(key));
    }

    private static JsonElement Header(Jws jws) => JsonDocument.Parse(Base64Url.DecodeFromChars(jws.Protected)).RootElement;

    private static Jws Parse(byte[] body)
    {
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(3, json.EnumerateObject().Count());
        return new Jws(json.GetProperty("protected").GetString()!, json.GetProperty("payload").GetString()!, json.GetProperty("signature").GetString()!);
    }

    private sealed record Jws(string Protected, string Payload, string Signature);
}
