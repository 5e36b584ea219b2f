using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>This process's peak resident memory (VmHWM in /proc/self/status), resettable on Linux: what a worker
/// reports so that memory per worker can be checked against a node's limits.</summary>
public static class PeakMemory
{
    /// <summary>Resets the peak to the current resident size ("5" to /proc/self/clear_refs); false where that is
    /// not possible.</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in MiB (NaN where /proc is missing).</summary>
    public static double Megabytes()
    {
        if (!File.Exists("/proc/self/status")) return double.NaN;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }
}
