using Daas.Registry.Model;

namespace Daas.Tests.Registry.Model;

public sealed class DigestTests
{
    private const string Hex64 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    [Fact]
    public void TryParse_Sha256_SplitsAlgorithmAndHex()
    {
        Assert.True(Digest.TryParse($"sha256:{Hex64}", out var digest));
        Assert.Equal("sha256", digest.Value.Algorithm);
        Assert.Equal(Hex64, digest.Value.Hex);
        Assert.Equal($"sha256:{Hex64}", digest.Value.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256:abc")]
    [InlineData("sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha256:../../../../etc/passwd")]
    [InlineData("sha512:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    public void TryParse_Invalid_ReturnsFalse(string? value)
    {
        Assert.False(Digest.TryParse(value, out _));
    }

    [Fact]
    public void Sha256_OfContent_MatchesKnownDigest()
    {
        Assert.Equal($"sha256:{Hex64}", Digest.Sha256("hello"u8).ToString());
    }
}
