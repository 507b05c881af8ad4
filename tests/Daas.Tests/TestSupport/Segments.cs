using System.Buffers;

namespace Daas.Tests.TestSupport;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> of several segments, as bytes arrive from a socket in pieces.</summary>
public static class Segments
{
    /// <summary><paramref name="data"/> cut at each offset in <paramref name="cuts"/> (ascending) into separate segments.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Prepend(0).Append(data.Length).ToArray();
        var first = new Segment(data.AsMemory(bounds[0], bounds[1] - bounds[0]), 0);
        var last = first;
        for (var i = 1; i < bounds.Length - 1; i++)
        {
            last = last.Append(data.AsMemory(bounds[i], bounds[i + 1] - bounds[i]));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
