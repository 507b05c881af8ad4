using System.Net;
using Daas.Hosting;

namespace Daas.Tests.Hosting;

public sealed class LoginThrottleKeyTests
{
    [Fact]
    public void For_TwoIPv6AddressesInOne64_GiveTheSameKey()
    {
        // Arrange
        var first = IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
        var rotated = IPAddress.Parse("2001:db8:1:2::1");

        // Act
        var firstKey = LoginThrottleKey.For(first);
        var rotatedKey = LoginThrottleKey.For(rotated);

        // Assert
        Assert.Equal("2001:db8:1:2::/64", firstKey);
        Assert.Equal(firstKey, rotatedKey);
    }

    [Fact]
    public void For_IPv6AddressesInNeighbouring64s_GiveDifferentKeys()
    {
        // Act
        var a = LoginThrottleKey.For(IPAddress.Parse("2001:db8:1:2::1"));
        var b = LoginThrottleKey.For(IPAddress.Parse("2001:db8:1:3::1"));

        // Assert
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void For_IPv4MappedIPv6_IsKeyedAsItsIPv4Address()
    {
        // Arrange
        var mapped = IPAddress.Parse("::ffff:192.0.2.7");
        var otherMapped = IPAddress.Parse("::ffff:192.0.2.8");

        // Act
        var key = LoginThrottleKey.For(mapped);

        // Assert
        Assert.Equal("192.0.2.7", key);
        Assert.Equal(LoginThrottleKey.For(IPAddress.Parse("192.0.2.7")), key);
        Assert.NotEqual(key, LoginThrottleKey.For(otherMapped));
    }

    [Fact]
    public void For_IPv4Address_IsTheExactAddress()
    {
        // Act
        var key = LoginThrottleKey.For(IPAddress.Parse("203.0.113.9"));

        // Assert
        Assert.Equal("203.0.113.9", key);
    }

    [Fact]
    public void For_LinkLocalWithScopeId_DropsTheScope()
    {
        // Act
        var key = LoginThrottleKey.For(IPAddress.Parse("fe80::1234%2"));

        // Assert
        Assert.Equal("fe80::/64", key);
    }

    [Fact]
    public void For_NoAddress_IsOneSharedKey()
    {
        // Act
        var key = LoginThrottleKey.For(null);

        // Assert
        Assert.Equal("unknown", key);
    }
}
