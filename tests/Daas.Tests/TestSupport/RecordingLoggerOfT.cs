using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Daas.Tests.TestSupport;

/// <summary>A <see cref="RecordingLogger"/> for a type that takes an <see cref="ILogger{TCategoryName}"/>.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly RecordingLogger _inner = new();

    public ConcurrentQueue<(EventId Id, string Message)> Entries => _inner.Entries;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _inner.Log(logLevel, eventId, state, exception, formatter);
}
