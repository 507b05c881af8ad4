using Daas.Deploy.Docker;
using Docker.DotNet.Models;

namespace Daas.Tests.Deploy;

public sealed class SelfContainerTests
{
    private const string Id = "3f4e8b2a9c1d0e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
    private const string OtherId = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public void CandidateIds_InAContainer_ReadsTheIdTheEngineMountedEtcHostnameFrom()
    {
        // Arrange: lines as Docker 20.10 writes them into a container's mountinfo (cgroup v2: no id in /proc/self/cgroup).
        var mountinfo = string.Join('\n',
            "611 540 0:50 / / rw,relatime master:276 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X",
            $"622 611 254:1 /var/lib/docker/containers/{Id}/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda1 rw",
            $"623 611 254:1 /var/lib/docker/containers/{Id}/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw",
            $"624 611 254:1 /var/lib/docker/containers/{Id}/hosts /etc/hosts rw,relatime - ext4 /dev/vda1 rw");

        // Act
        var ids = SelfContainer.CandidateIds(mountinfo, "0::/\n");

        // Assert
        Assert.Equal([Id], ids);
    }

    [Fact]
    public void CandidateIds_OnTheHost_IgnoresOtherContainersShmMounts()
    {
        // Arrange: the host's mountinfo lists every running container's /dev/shm under its directory.
        var mountinfo = string.Join('\n',
            "29 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
            $"700 29 0:60 / /var/lib/docker/containers/{OtherId}/mounts/shm rw,nosuid,nodev,noexec,relatime shared:300 - tmpfs shm rw,size=65536k");

        // Act
        var ids = SelfContainer.CandidateIds(mountinfo, "0::/\n");

        // Assert
        Assert.Empty(ids);
    }

    [Theory]
    [InlineData("12:memory:/docker/" + Id)]
    [InlineData("0::/system.slice/docker-" + Id + ".scope")]
    public void CandidateIds_CgroupPath_ReadsTheId(string cgroupLine)
    {
        // Act
        var ids = SelfContainer.CandidateIds("", cgroupLine + "\n");

        // Assert
        Assert.Equal([Id], ids);
    }

    [Theory]
    [InlineData("", "8080", 8080)]
    [InlineData("0.0.0.0", "80", 80)]
    [InlineData("127.0.0.1", "32768", 32768)]
    public void PublishedHostPort_BoundWhereTheEngineReachesLoopback_IsThatPort(string hostIp, string hostPort, int expected)
    {
        // Arrange
        var ports = new Dictionary<string, IList<PortBinding>>
        {
            ["443/tcp"] = [new PortBinding { HostIP = "0.0.0.0", HostPort = "8443" }],
            ["80/tcp"] = [new PortBinding { HostIP = hostIp, HostPort = hostPort }],
        };

        // Act
        var port = SelfContainer.PublishedHostPort(ports, 80);

        // Assert
        Assert.Equal(expected, port);
    }

    [Fact]
    public void PublishedHostPort_NotPublishedOrOnlyOnAnotherAddress_IsNull()
    {
        // Arrange: EXPOSE without -p gives a null binding list; -p 10.0.0.5:80:80 binds one address only.
        var exposedOnly = new Dictionary<string, IList<PortBinding>> { ["80/tcp"] = null! };
        var otherAddress = new Dictionary<string, IList<PortBinding>> { ["80/tcp"] = [new PortBinding { HostIP = "10.0.0.5", HostPort = "80" }] };

        // Act / Assert
        Assert.Null(SelfContainer.PublishedHostPort(exposedOnly, 80));
        Assert.Null(SelfContainer.PublishedHostPort(otherAddress, 80));
        Assert.Null(SelfContainer.PublishedHostPort(null, 80));
    }

    [Fact]
    public void IsSelf_RunningContainerWithOurHostname_IsTrueElseFalse()
    {
        // Arrange
        ContainerInspectResponse Container(bool running, string hostname) =>
            new() { ID = Id, State = new() { Running = running }, Config = new() { Hostname = hostname } };

        // Act / Assert
        Assert.True(SelfContainer.IsSelf(Container(running: true, "3f4e8b2a9c1d"), "3f4e8b2a9c1d"));
        Assert.False(SelfContainer.IsSelf(Container(running: true, "web1"), "3f4e8b2a9c1d"));
        Assert.False(SelfContainer.IsSelf(Container(running: false, "3f4e8b2a9c1d"), "3f4e8b2a9c1d"));
    }
}
