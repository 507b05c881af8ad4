using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Daas.Deploy.Docker;

/// <summary>
/// A container's log as lines: Docker's multiplexed stream (stdout and stderr frames) read and
/// split at '\n', each stream with its own partial line and UTF-8 decoder, so a line or a character
/// cut across frames comes out whole. Cancellation disposes the stream, which ends a follow at once.
/// </summary>
internal static class ContainerLogLines
{
    public static IAsyncEnumerable<string> ReadAsync(IDockerClient client, string id, int tail, bool follow, CancellationToken cancellationToken) =>
        ReadAsync(async () =>
        {
            try
            {
                return await client.Containers.GetContainerLogsAsync(id, new ContainerLogsParameters
                {
                    ShowStdout = true,
                    ShowStderr = true,
                    Follow = follow,
                    Timestamps = false,
                    Tail = tail.ToString(CultureInfo.InvariantCulture),
                }, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>The same for any multiplexed log stream (a Swarm service's); <paramref name="open"/> gives null when its owner is gone.</summary>
    public static async IAsyncEnumerable<string> ReadAsync(Func<Task<MultiplexedStream?>> open, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await open() is not { } stream)
        {
            yield break;
        }

        using (stream)
        using (cancellationToken.Register(stream.Dispose))
        {
            var stdout = new LineSplitter();
            var stderr = new LineSplitter();
            var buffer = new byte[16 * 1024];
            var lines = new List<string>();
            while (true)
            {
                MultiplexedStream.ReadResult read;
                try
                {
                    read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested && e is ObjectDisposedException or IOException or OperationCanceledException)
                {
                    yield break;
                }

                if (read.EOF)
                {
                    break;
                }

                var splitter = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
                splitter.Add(buffer.AsSpan(0, read.Count), lines);
                foreach (var line in lines)
                {
                    yield return line;
                }

                lines.Clear();
            }

            foreach (var rest in new[] { stdout.Rest(), stderr.Rest() })
            {
                if (rest is not null)
                {
                    yield return rest;
                }
            }
        }
    }

    /// <summary>What DaaS reads of a service's log: as of a container's (stdout and stderr, no timestamps).</summary>
    public static ServiceLogsParameters ServiceParameters(int tail, bool follow) => new()
    {
        ShowStdout = true,
        ShowStderr = true,
        Follow = follow,
        Timestamps = false,
        Tail = tail.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Decodes one stream's bytes and cuts them into lines, keeping the unfinished one.</summary>
    private sealed class LineSplitter
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _partial = new();
        private char[] _chars = new char[1024];

        public void Add(ReadOnlySpan<byte> bytes, List<string> lines)
        {
            var needed = _decoder.GetCharCount(bytes, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }

            var count = _decoder.GetChars(bytes, _chars, flush: false);
            var text = _chars.AsSpan(0, count);
            int newline;
            while ((newline = text.IndexOf('\n')) >= 0)
            {
                _partial.Append(text[..newline]);
                lines.Add(Finish());
                text = text[(newline + 1)..];
            }

            _partial.Append(text);
        }

        /// <summary>The last line when the log did not end with a newline, else null.</summary>
        public string? Rest() => _partial.Length > 0 ? Finish() : null;

        private string Finish()
        {
            var line = _partial.ToString().TrimEnd('\r');
            _partial.Clear();
            return line;
        }
    }
}
