namespace Daas;

/// <summary>
/// A configuration or environment problem that makes start-up impossible. Program prints its
/// message as one line and exits non-zero; nothing else should catch it.
/// </summary>
internal sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
