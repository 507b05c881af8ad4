using Daas.Deploy.Docker;

namespace Daas.Tests.Deploy;

public sealed class VolumeNamesTests
{
    [Fact]
    public void For_SameAppAndPath_IsStableAndReadable()
    {
        Assert.Equal(VolumeNames.For("notes", "/var/lib/data"), VolumeNames.For("notes", "/var/lib/data"));
        Assert.Matches("^daas-notes-var-lib-data-[0-9a-f]{6}$", VolumeNames.For("notes", "/var/lib/data"));
    }

    [Fact]
    public void For_PathsThatSlugAlike_GetDifferentNames()
    {
        Assert.NotEqual(VolumeNames.For("app", "/a-b"), VolumeNames.For("app", "/a/b"));
        Assert.NotEqual(VolumeNames.For("one", "/data"), VolumeNames.For("two", "/data"));
    }

    [Fact]
    public void For_RootOrLongPath_IsAValidDockerVolumeName()
    {
        Assert.Matches("^daas-app-[0-9a-f]{6}$", VolumeNames.For("app", "/"));
        Assert.Matches("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,80}$", VolumeNames.For("app", "/" + new string('x', 200)));
    }
}
