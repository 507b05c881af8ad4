namespace Daas.State;

/// <summary>Whether the user wants an app to run (the API's stop and start set it).</summary>
internal enum AppRunState
{
    Running,
    Stopped,
}
