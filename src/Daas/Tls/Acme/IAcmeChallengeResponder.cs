namespace Daas.Tls.Acme;

/// <summary>
/// The seam between the protocol and whatever serves challenge answers (an HTTP middleware, an
/// SNI certificate selector). The client calls <see cref="PresentAsync"/> before it tells the CA
/// to validate, and <see cref="RemoveAsync"/> in a <c>finally</c> once the authorization is
/// settled, whether it succeeded or not. Answers for several hosts may be present at once.
/// </summary>
internal interface IAcmeChallengeResponder
{
    /// <summary>Starts serving <paramref name="answer"/>; the CA may connect as soon as this returns.</summary>
    Task PresentAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken);

    /// <summary>Stops serving <paramref name="answer"/>.</summary>
    Task RemoveAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken);
}
