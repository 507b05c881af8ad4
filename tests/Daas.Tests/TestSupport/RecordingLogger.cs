using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Daas.Tests.TestSupport;

/// <summary>A logger that keeps every entry's event id and message, for tests that count what happened.</summary>
public sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(EventId Id, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((eventId, formatter(state, exception)));
}
