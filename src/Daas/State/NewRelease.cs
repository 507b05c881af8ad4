namespace Daas.State;

/// <summary>What a new release is made of; <see cref="ReleaseRepository.CreateDesiredAsync"/> numbers it.</summary>
internal sealed record NewRelease(
    string Digest,
    SortedDictionary<string, string> Env,
    ReleaseSettings? Settings,
    ReleaseTrigger Trigger,
    string Reason,
    int? SourceNumber = null);
