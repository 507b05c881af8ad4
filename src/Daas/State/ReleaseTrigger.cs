namespace Daas.State;

/// <summary>What made a release.</summary>
internal enum ReleaseTrigger
{
    Push,
    EnvChange,
    Rollback,
    Restart,
}
