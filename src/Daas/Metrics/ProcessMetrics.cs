using System.Diagnostics;
using System.Globalization;

namespace Daas.Metrics;

/// <summary>
/// The process's own figures, read when the metrics are scraped (never in between): memory and
/// threads from /proc/self/status, file descriptors from /proc/self/fd and /proc/self/limits, CPU
/// time and the GC from the runtime. Names as Prometheus' client libraries use them
/// (<c>process_*</c>), the GC's under <c>dotnet_*</c>.
/// </summary>
internal sealed class ProcessMetrics
{
    private readonly double _startTimeSeconds;

    public ProcessMetrics()
    {
        using var process = Process.GetCurrentProcess();
        _startTimeSeconds = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }

    public void WriteTo(PrometheusWriter writer)
    {
        var status = Read("/proc/self/status");
        Gauge(writer, "process_resident_memory_bytes", "Resident memory (VmRSS) in bytes.", Field(status, "VmRSS:") * 1024);
        Gauge(writer, "process_virtual_memory_bytes", "Virtual memory (VmSize) in bytes.", Field(status, "VmSize:") * 1024);
        Gauge(writer, "process_threads", "Threads of the process.", Field(status, "Threads:"));
        writer.Counter("process_cpu_seconds_total", "CPU time used by the process (user and system) in seconds.");
        writer.Sample("process_cpu_seconds_total", Environment.CpuUsage.TotalTime.TotalSeconds);
        writer.Gauge("process_start_time_seconds", "When the process started, in seconds since the Unix epoch.");
        writer.Sample("process_start_time_seconds", _startTimeSeconds);
        Gauge(writer, "process_open_fds", "Open file descriptors (sockets included).", OpenFileDescriptors());
        Gauge(writer, "process_max_fds", "The limit on open file descriptors (soft limit).", Field(Read("/proc/self/limits"), "Max open files"));

        writer.Gauge("dotnet_gc_heap_size_bytes", "Size of the GC heap, including fragmentation, at the last collection.");
        writer.Sample("dotnet_gc_heap_size_bytes", GC.GetGCMemoryInfo().HeapSizeBytes);
        writer.Counter("dotnet_gc_collections_total", "Garbage collections by generation (a collection of generation 2 counts in 0 and 1 too).");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            writer.Sample("dotnet_gc_collections_total", GC.CollectionCount(generation), ("generation", generation.ToString(CultureInfo.InvariantCulture)));
        }

        writer.Counter("dotnet_gc_allocated_bytes_total", "Bytes allocated on the GC heap since the start.");
        writer.Sample("dotnet_gc_allocated_bytes_total", GC.GetTotalAllocatedBytes(precise: false));
        writer.Counter("dotnet_gc_pause_seconds_total", "Time the GC paused the process, in seconds.");
        writer.Sample("dotnet_gc_pause_seconds_total", GC.GetTotalPauseDuration().TotalSeconds);
    }

    /// <summary>The first number after <paramref name="key"/> at the start of a line of <paramref name="text"/>; null if there is none.</summary>
    public static long? Field(string? text, string key)
    {
        foreach (var line in (text ?? "").Split('\n'))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var digits = line[key.Length..].TrimStart().Split(' ', '\t')[0];
                return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }

    /// <summary>Writes a gauge family; a figure the system did not give is left out (no sample) rather than reported as 0.</summary>
    private static void Gauge(PrometheusWriter writer, string name, string help, long? value)
    {
        writer.Gauge(name, help);
        if (value is { } known)
        {
            writer.Sample(name, known);
        }
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? OpenFileDescriptors()
    {
        try
        {
            // Less the one the enumeration itself holds open while it reads the directory.
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount() - 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
