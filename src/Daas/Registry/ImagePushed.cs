using Daas.Registry.Model;

namespace Daas.Registry;

/// <summary>A manifest was stored under a tag: <c>docker push host/Repository:Tag</c> finished.</summary>
internal sealed record ImagePushed(string Repository, string Tag, Digest Digest);

/// <summary>
/// Told of each tagged manifest push, after it is stored and before the registry answers 201.
/// The registry knows nothing of what a listener does with it (Deploy records the app's desired
/// release). What a listener records must be durable when the task completes; if it throws, the
/// push is not acknowledged (the client sees an error and pushes again).
/// </summary>
internal interface IImagePushedListener
{
    Task OnImagePushedAsync(ImagePushed pushed, CancellationToken cancellationToken);
}
