using System.Runtime.ExceptionServices;

namespace EarthEmbed.Data.Hydrology;

/// <summary>Runs per-site work in parallel and, when a site fails, rethrows that site's own exception (not an
/// AggregateException), so a loader's "file:line: message" reaches the user as it was written.</summary>
internal static class ParallelSites
{
    /// <summary>Calls <paramref name="body"/> for 0 .. <paramref name="count"/> - 1 in parallel; results are written
    /// by index, so the outcome does not depend on the thread count.</summary>
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
