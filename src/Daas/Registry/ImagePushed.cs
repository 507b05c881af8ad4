using Daas.Registry.Model;

namespace Daas.Registry;

/// <summary>A manifest was stored under a tag: <c>docker push host/Repository:Tag</c> finished.</summary>
internal sealed record ImagePushed(string Repository, string Tag, Digest Digest);

/// <summary>
/// Told of each tagged manifest push, after it is stored. The registry knows nothing of what a
/// listener does with it (Deploy starts a release); a listener must return quickly and not throw.
/// </summary>
internal interface IImagePushedListener
{
    void OnImagePushed(ImagePushed pushed);
}
