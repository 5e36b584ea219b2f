using System.CommandLine;
using System.Runtime.InteropServices;
using EarthEmbed.Geo;
using EarthEmbed.Torch;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed doctor</c>: versions of .NET, libtorch and GDAL, threads, CUDA; exit 0 only when a tensor
/// operation and GDAL both work.</summary>
internal static class DoctorCommand
{
    internal static Command Create()
    {
        var command = new Command("doctor", "Check that .NET, libtorch and GDAL are usable and print their versions.");
        command.SetAction(_ => Run(Console.Out));
        return command;
    }

    internal static int Run(TextWriter output)
    {
        var ok = true;
        output.WriteLine($".NET      {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier}), {Environment.ProcessorCount} cores");
        ok &= Probe(output, "libtorch", () =>
        {
            using var a = Tensor.Ones([2, 2]);
            using var b = a.MatMul(a);
            if (b.Sum().ToDouble() != 8) throw new InvalidOperationException("a 2x2 matmul gave a wrong answer");
            var cuda = Engine.CudaDeviceCount;
            return $"{Engine.Version}, {Engine.NumThreads} threads, CUDA: {(cuda > 0 ? $"{cuda} device(s)" : "none")}";
        });
        ok &= Probe(output, "GDAL", () => Gdal.Version);
        output.WriteLine(ok ? "doctor: usable" : "doctor: NOT usable (see above)");
        return ok ? 0 : 1;
    }

    private static bool Probe(TextWriter output, string name, Func<string> probe)
    {
        try
        {
            output.WriteLine($"{name,-9} {probe()}");
            return true;
        }
#pragma warning disable CA1031 // doctor reports every failure instead of crashing
        catch (Exception e)
#pragma warning restore CA1031
        {
            output.WriteLine($"{name,-9} FAILED: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }
}
