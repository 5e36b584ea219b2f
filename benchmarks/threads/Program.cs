// One training for the thread benchmark (run.sh): a fixed conv net on a fixed batch, AdamW, each step in a dispose
// scope. Loads the engine, warms up, waits for the common start time (so that two processes time the same window),
// trains until the window ends and prints one RESULT line.
//
//   dotnet ThreadsBench.dll [--seconds 10] [--warmup 5] [--start-at <unix ms>] [--label name] [--libgomp-default]
//
// --libgomp-default loads libtorch before EarthEmbed.Engine can set OMP_WAIT_POLICY=PASSIVE, so that libgomp keeps its
// own default (spin about 300,000 rounds, then sleep) when OMP_WAIT_POLICY is unset: the old engine's behaviour.
using System.Diagnostics;
using System.Globalization;
using EarthEmbed.Engine;
using TorchSharp;
using static TorchSharp.torch;

var seconds = 10.0;
var warmup = 5;
long? startAt = null;
var label = "run";
var libgompDefault = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--start-at": startAt = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--label": label = args[++i]; break;
        case "--libgomp-default": libgompDefault = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

var policyBefore = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
if (libgompDefault)
{
    if (!string.IsNullOrEmpty(policyBefore))
    {
        Console.Error.WriteLine("--libgomp-default needs OMP_WAIT_POLICY unset");
        return 2;
    }
    _ = torch.__version__;  // libtorch and libgomp load now, before TorchEngine sets the policy
}
TorchEngine.EnsureLoaded();
var policy = libgompDefault ? "libgomp-default" : Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "?";

var generator = new Generator(42);
var model = nn.Sequential(
    nn.Conv2d(4, 32, 3, padding: 1), nn.ReLU(),
    nn.Conv2d(32, 32, 3, padding: 1), nn.ReLU(),
    nn.Conv2d(32, 1, 1));
var optimizer = optim.AdamW(model.parameters(), lr: 1e-3);
var x = randn([8, 4, 64, 64], generator: generator);
var y = randn([8, 1, 64, 64], generator: generator);

void Step()
{
    using var scope = NewDisposeScope();
    optimizer.zero_grad();
    var loss = nn.functional.mse_loss(model.call(x), y);
    loss.backward();
    optimizer.step();
    _ = loss.item<float>();
}

for (var i = 0; i < warmup; i++) Step();

var lateMs = 0L;
if (startAt is long start)
{
    var wait = start - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    if (wait > 0) Thread.Sleep(TimeSpan.FromMilliseconds(wait));
    else lateMs = -wait;
}

var clock = Stopwatch.StartNew();
var steps = 0;
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
while (clock.Elapsed.TotalSeconds < seconds)
{
    Step();
    steps++;
}
var elapsed = clock.Elapsed.TotalSeconds;
var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT label={label} policy={policy} threads={TorchEngine.Threads} steps={steps} seconds={elapsed:F2} " +
    $"steps_per_s={steps / elapsed:F3} cpu_s={cpuUsed:F2} late_ms={lateMs}"));
return 0;
