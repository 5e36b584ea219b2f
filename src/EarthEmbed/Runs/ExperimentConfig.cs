namespace EarthEmbed.Runs;

/// <summary>What every experiment's config class offers the shared resolution path (<see cref="ConfigResolver"/>):
/// the seed, a way to apply <c>--seed</c> to every seeded part, and validation that names the offending key. The
/// class's properties are the schema (snake_case keys in YAML) and their initialisers the defaults for keys a file
/// leaves out; the committed files under <c>configs/</c> hold each mode's values.</summary>
public interface IExperimentConfig
{
    /// <summary>The run's seed.</summary>
    int Seed { get; }

    /// <summary>Uses <paramref name="seed"/> for every seeded part of the run (data, draws, initial weights).</summary>
    void ApplySeed(int seed);

    /// <summary>Throws <see cref="ArgumentException"/> naming the key when a setting is out of range or inconsistent.</summary>
    void Validate();
}

/// <summary>Which config a run uses: a mode (a committed file <c>configs/&lt;experiment&gt;.&lt;mode&gt;.yaml</c>),
/// optionally a YAML file overlaid on it key by key, and optionally a seed.</summary>
/// <param name="Mode">"quick", "full", or any mode with a committed file.</param>
/// <param name="OverlayPath">A YAML file whose keys replace the mode's (nested sections merge key by key), or null.</param>
/// <param name="Seed">Replaces the config's seed everywhere (<see cref="IExperimentConfig.ApplySeed"/>), or null.</param>
public sealed record ConfigRequest(string Mode = "quick", string? OverlayPath = null, int? Seed = null);
