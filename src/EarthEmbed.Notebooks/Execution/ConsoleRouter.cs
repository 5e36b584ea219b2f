using System.Text;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>Sends Console.Out and Console.Error to the outputs of the cell running on the current asynchronous flow,
/// and everything else to the real console. Installed once per process; because the routing follows the flow
/// (an AsyncLocal), several notebooks can run at once (as tests do) without mixing their output.</summary>
internal static class ConsoleRouter
{
    private static readonly AsyncLocal<CellOutputs?> Current = new();
    private static readonly object Gate = new();
    private static bool _installed;

    /// <summary>The process's standard error before the router was installed (for progress lines).</summary>
    internal static TextWriter RealError { get; private set; } = Console.Error;

    internal static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            RealError = Console.Error;
            Console.SetOut(new RoutingWriter("stdout", Console.Out));
            Console.SetError(new RoutingWriter("stderr", Console.Error));
            _installed = true;
        }
    }

    /// <summary>Runs <paramref name="body"/> with console output going to <paramref name="outputs"/>; the routing ends
    /// when it returns (an AsyncLocal set inside an async method does not leak to its caller).</summary>
    internal static async Task<T> Capture<T>(CellOutputs outputs, Func<Task<T>> body)
    {
        Install();
        Current.Value = outputs;
        try
        {
            return await body().ConfigureAwait(false);
        }
        finally
        {
            await Console.Out.FlushAsync().ConfigureAwait(false);
            Current.Value = null;
        }
    }

    private sealed class RoutingWriter(string stream, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Route(value.ToString());

        public override void Write(string? value) => Route(value);

        public override void Write(char[] buffer, int index, int count) => Route(new string(buffer, index, count));

        public override void WriteLine(string? value) => Route(value + NewLine);

        public override void Flush() => fallback.Flush();

        private void Route(string? text)
        {
            if (Current.Value is { } outputs) outputs.Write(stream, text ?? string.Empty);
            else fallback.Write(text);
        }
    }
}
