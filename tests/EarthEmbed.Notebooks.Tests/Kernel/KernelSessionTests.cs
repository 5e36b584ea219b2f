using System.Text.Json.Nodes;
using static EarthEmbed.Notebooks.Tests.Kernel.KernelDriver;

namespace EarthEmbed.Notebooks.Tests.Kernel;

/// <summary>One kernel, started by jupyter_client from an installed kernelspec, driven through a session of
/// requests by driver.py (about 30 s: start, a dozen cells, four interrupts, forged messages, a restart).</summary>
public sealed class KernelSession
{
    public KernelSession()
    {
        var bin = AppContext.BaseDirectory;
        var data = InstallSpec("kernel-session", Path.Combine(bin, "EarthEmbed.Cli.dll"));
        var work = Path.Combine(bin, "test-output", "kernel-session");
        KernelLog = Path.Combine(work, "kernel.log");
        Result = Run(data, work, 400, "session", Path.Combine(bin, "EarthEmbed.Viz.dll"), KernelLog);
    }

    internal JsonObject Result { get; }

    internal string KernelLog { get; }

    internal JsonNode this[string step] => Result[step] ?? throw new KeyNotFoundException($"driver.py printed no step {step}");
}

/// <summary>The kernel against a real Jupyter client (the issue's checks).</summary>
public class KernelSessionTests(KernelSession session) : IClassFixture<KernelSession>
{
    [Fact]
    public void Kernel_info_describes_csharp_and_protocol_5_3_and_the_heartbeat_echoes()
    {
        var info = session["kernel_info"]["reply"]!;
        Assert.Equal("5.3", Text(info["protocol_version"]));
        Assert.Equal("earthembed", Text(info["implementation"]));
        Assert.Equal("C#", Text(info["language_info"]!["name"]));
        Assert.Equal(".cs", Text(info["language_info"]!["file_extension"]));
        Assert.Equal("text/x-csharp", Text(info["language_info"]!["mimetype"]));
        Assert.Equal("csharp", Text(info["language_info"]!["pygments_lexer"]));
        Assert.Contains("EarthEmbed", Text(info["banner"]), StringComparison.Ordinal);
        Assert.Equal(["status", "status"], Types(session["kernel_info"]));
        Assert.True(session["heartbeat"]!.GetValue<bool>());
        Assert.Equal("message", Text(session["interrupt_mode"]));
    }

    [Fact]
    public void State_carries_across_cells_with_execution_counts_and_busy_input_result_idle_on_iopub()
    {
        Assert.Equal(1, session["define"]["reply"]!["execution_count"]!.GetValue<int>());
        var use = session["use"];
        Assert.Equal("ok", Text(use["reply"]!["status"]));
        Assert.Equal(2, use["reply"]!["execution_count"]!.GetValue<int>());
        Assert.Equal(["status", "execute_input", "execute_result", "status"], Types(use));
        Assert.Equal("busy", Text(use["iopub"]![0]!["content"]!["execution_state"]));
        Assert.Equal("idle", Text(use["iopub"]![3]!["content"]!["execution_state"]));
        Assert.Equal("82", Text(First(use, "execute_result")["data"]!["text/plain"]));  // Twice(40) + 2
        Assert.Equal(2, First(use, "execute_input")["execution_count"]!.GetValue<int>());
    }

    [Fact]
    public void Console_output_arrives_as_stdout_and_stderr_streams_in_order()
    {
        var streams = session["streams"]["iopub"]!.AsArray().Where(m => Text(m!["type"]) == "stream").Select(m => (Text(m!["content"]!["name"]), Text(m["content"]!["text"]))).ToArray();
        Assert.Equal([("stdout", "to stdout\n"), ("stderr", "to stderr\n"), ("stdout", "more")], streams);
    }

    [Fact]
    public void A_chart_is_display_data_with_html_and_plain_text_as_in_the_runner()
    {
        var data = First(session["chart"], "display_data")["data"]!;
        Assert.Contains("earthembed-figure", Text(data["text/html"]), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(Text(data["text/plain"])));
    }

    [Fact]
    public void A_cell_that_throws_gives_an_error_reply_with_a_readable_traceback_and_keeps_what_it_defined()
    {
        var reply = session["throws"]["reply"]!;
        Assert.Equal("error", Text(reply["status"]));
        Assert.Equal("InvalidOperationException", Text(reply["ename"]));
        Assert.Equal("In [5], line 2: InvalidOperationException: no such thing", Text(reply["evalue"]));
        Assert.Contains(reply["traceback"]!.AsArray(), l => Text(l).Contains("cell5.csx:line 2", StringComparison.Ordinal));
        Assert.Equal(Text(reply["evalue"]), Text(First(session["throws"], "error")["evalue"]));
        Assert.Equal("45", Text(First(session["after_throw"], "execute_result")["data"]!["text/plain"]));  // x + y
        var compile = session["compile_error"]["reply"]!;
        Assert.Equal("CompilationError", Text(compile["ename"]));
        Assert.Contains("does not compile: CS0103: The name 'missingName' does not exist", Text(compile["evalue"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_silent_cell_runs_without_input_result_or_a_new_count()
    {
        Assert.Equal(["status", "status"], Types(session["silent"]));
        Assert.Equal("41", Text(First(session["after_silent"], "execute_result")["data"]!["text/plain"]));
        Assert.Equal(8, session["after_silent"]["reply"]!["execution_count"]!.GetValue<int>());
    }

    [Fact]
    public void Console_ReadLine_asks_the_client_through_an_input_request_and_is_refused_without_allow_stdin()
    {
        var ask = session["input_request"]!;
        Assert.Equal("input_request", Text(ask["type"]));
        Assert.False(ask["content"]!["password"]!.GetValue<bool>());
        Assert.True(ask["parent"]!.GetValue<bool>());
        Assert.Equal("EARTH", Text(First(session["input"], "execute_result")["data"]!["text/plain"]));
        var refused = session["input_refused"]["reply"]!;
        Assert.Equal("InvalidOperationException", Text(refused["ename"]));
        Assert.Contains("allow_stdin is false", Text(refused["evalue"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Is_complete_and_complete_answer_from_roslyn()
    {
        Assert.Equal("complete", Text(session["complete"]["reply"]!["status"]));
        Assert.Equal("incomplete", Text(session["incomplete"]["reply"]!["status"]));
        var member = session["complete_member"]["reply"]!;
        Assert.Contains("WriteLine", member["matches"]!.AsArray().Select(Text));
        Assert.Equal((8, 11), (member["cursor_start"]!.GetValue<int>(), member["cursor_end"]!.GetValue<int>()));
        var variable = session["complete_variable"]["reply"]!;
        Assert.Equal(["Twice"], variable["matches"]!.AsArray().Select(Text));
        Assert.Equal(13, variable["cursor_start"]!.GetValue<int>());  // code points: the emoji counts once
        Assert.Contains("ToString", session["complete_instance"]["reply"]!["matches"]!.AsArray().Select(Text));
    }

    [Fact]
    public void Inspect_gives_signatures_and_xml_docs_of_framework_and_library_symbols()
    {
        var framework = session["inspect_framework"]["reply"]!;
        Assert.True(framework["found"]!.GetValue<bool>());
        Assert.StartsWith("static int Math.Max(int val1, int val2)", Text(framework["data"]!["text/plain"]), StringComparison.Ordinal);
        var library = Text(session["inspect_library"]["reply"]!["data"]!["text/plain"]);
        Assert.Contains("Chart.Line(", library, StringComparison.Ordinal);
        Assert.Contains("loss curve", library, StringComparison.Ordinal);  // from EarthEmbed.Viz.xml
        Assert.False(session["inspect_nothing"]["reply"]!["found"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("interrupt_sleep_loop")]
    [InlineData("interrupt_busy_loop")]
    [InlineData("interrupt_sleep")]
    [InlineData("interrupt_await")]
    public void An_interrupt_ends_the_running_cell_with_an_error_and_the_kernel_lives_on(string step)
    {
        var reply = session[step]["reply"]!;
        Assert.Equal("error", Text(reply["status"]));
        Assert.Equal("Interrupted", Text(reply["ename"]));
        Assert.True(session[step]["seconds_to_reply"]!.GetValue<double>() < 30);
        Assert.Equal("410", Text(First(session["after_interrupts"], "execute_result")["data"]!["text/plain"]));
    }

    [Fact]
    public void Messages_with_a_wrong_signature_are_dropped_logged_and_change_nothing()
    {
        var forged = session["forged"]!;
        Assert.Equal(["kernel_info_reply"], forged["control_replies"]!.AsArray().Select(Text));  // the raw socket works
        Assert.Empty(forged["wrong_key_replies"]!.AsArray());
        Assert.Empty(forged["tampered_replies"]!.AsArray());
        Assert.Equal(0, forged["iopub_for_forged"]!.GetValue<int>());
        Assert.Equal("41", Text(First(session["after_forged"], "execute_result")["data"]!["text/plain"]));  // not 999, -1 or 7
        var log = File.ReadAllText(session.KernelLog);
        Assert.Equal(2, log.Split("dropped a message on shell: message signature does not match").Length - 1);
    }

    [Fact]
    public void A_failing_cell_aborts_the_cells_queued_behind_it()
    {
        var replies = session["stop_on_error"]!.AsArray();
        Assert.Equal("error", Text(replies[0]!["reply"]!["status"]));
        Assert.Equal("aborted", Text(replies[1]!["reply"]!["status"]));
        Assert.Equal("41", Text(First(session["after_abort"], "execute_result")["data"]!["text/plain"]));  // not 1000
    }

    [Fact]
    public void History_and_comm_info_answer_empty()
    {
        Assert.Empty(session["history"]["reply"]!["history"]!.AsArray());
        Assert.Empty(session["comm_info"]["reply"]!["comms"]!.AsObject());
    }

    [Fact]
    public void Restart_gives_a_fresh_state_and_shutdown_ends_the_process_cleanly()
    {
        var reply = session["after_restart"]["reply"]!;
        Assert.Equal("error", Text(reply["status"]));
        Assert.Contains("CS0103: The name 'x' does not exist", Text(reply["evalue"]), StringComparison.Ordinal);
        Assert.Equal(1, reply["execution_count"]!.GetValue<int>());
        Assert.Equal(0, session["exit_code"]!.GetValue<int>());
    }
}
