using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>Which share of a job's tiles one process takes: shard <see cref="Index"/> (from 1) of
/// <see cref="Count"/>. Tile t (numbered from 0 in the job's row-major order) belongs to the shard with
/// <c>t mod Count == Index - 1</c>: round robin, so every shard gets tiles from the whole area (no-data areas, which
/// cost little, are shared out too) and the shards together take every tile exactly once. The index comes from
/// <c>--shard I/N</c> or from a cluster scheduler's own variables, so one command line serves as a Slurm job array or
/// a Kubernetes Indexed Job (<see cref="Resolve"/>).</summary>
public readonly record struct ShardSpec
{
    /// <summary>The environment variable that gives the shard count beside Kubernetes' JOB_COMPLETION_INDEX (an
    /// Indexed Job does not tell its pods how many completions there are).</summary>
    public const string CountVariable = "EARTHEMBED_SHARD_COUNT";

    /// <summary>Shard <paramref name="index"/> (1..<paramref name="count"/>) of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentException">count below 1 or index outside 1..count.</exception>
    public ShardSpec(int index, int count)
    {
        if (count < 1) throw new ArgumentException($"shard {index}/{count}: the shard count must be at least 1", nameof(count));
        if (index < 1 || index > count)
            throw new ArgumentException($"shard {index}/{count}: the shard index counts from 1 to {count}", nameof(index));
        Index = index;
        Count = count;
    }

    /// <summary>This shard's number, from 1.</summary>
    public int Index { get; }

    /// <summary>Number of shards.</summary>
    public int Count { get; }

    /// <summary>The whole job in one shard.</summary>
    public static ShardSpec All { get; } = new(1, 1);

    /// <summary>True when tile <paramref name="tileIndex"/> (from 0) is this shard's.</summary>
    public bool Owns(int tileIndex) => tileIndex % Count == Index - 1;

    /// <summary>Worker <paramref name="worker"/> (from 1) of <paramref name="workers"/> that share this shard's tiles:
    /// itself a shard, of Count x workers, taking every workers-th tile of this shard (tile t with t mod Count =
    /// Index - 1 and (t div Count) mod workers = worker - 1).</summary>
    public ShardSpec Split(int worker, int workers)
    {
        if (workers < 1 || worker < 1 || worker > workers)
            throw new ArgumentException($"worker {worker}/{workers}: the worker number counts from 1 to {workers}", nameof(worker));
        return new ShardSpec((worker - 1) * Count + Index, Count * workers);
    }

    /// <summary>Parses "I/N" (e.g. "2/3").</summary>
    /// <exception cref="ArgumentException">Not of the form I/N, or I outside 1..N; the message says which.</exception>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2 || !TryInt(parts[0], out var i) || !TryInt(parts[1], out var n))
            throw new ArgumentException($"shard '{text}' is not of the form I/N (e.g. 2/3: the second of three shards)", nameof(text));
        return new ShardSpec(i, n);
    }

    /// <summary>The shard of this process: <paramref name="explicitSpec"/> when given ("I/N"), else the scheduler's
    /// variables read through <paramref name="environment"/>: Slurm job arrays (SLURM_ARRAY_TASK_ID, counted from
    /// SLURM_ARRAY_TASK_MIN in steps of SLURM_ARRAY_TASK_STEP, of SLURM_ARRAY_TASK_COUNT), or Kubernetes Indexed
    /// Jobs (JOB_COMPLETION_INDEX, from 0, with <see cref="CountVariable"/>); else the whole job.</summary>
    /// <exception cref="ArgumentException">An invalid spec or inconsistent variables, named in the message.</exception>
    public static ShardSpec Resolve(string? explicitSpec, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(explicitSpec)) return Parse(explicitSpec.Trim());
        if (environment("SLURM_ARRAY_TASK_ID") is { Length: > 0 } id)
        {
            var count = Required(environment, "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_ID is set");
            var min = environment("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } m ? Number("SLURM_ARRAY_TASK_MIN", m) : 0;
            var step = environment("SLURM_ARRAY_TASK_STEP") is { Length: > 0 } s ? Number("SLURM_ARRAY_TASK_STEP", s) : 1;
            var task = Number("SLURM_ARRAY_TASK_ID", id);
            if (step < 1 || (task - min) % step != 0 || (task - min) / step >= count || task < min)
                throw new ArgumentException(
                    $"SLURM_ARRAY_TASK_ID={task} is not one of the {count} tasks from SLURM_ARRAY_TASK_MIN={min} in steps of {step}; " +
                    "give --shard I/N explicitly for arrays with gaps");
            return new ShardSpec((task - min) / step + 1, count);
        }
        if (environment("JOB_COMPLETION_INDEX") is { Length: > 0 } k8s)
        {
            var count = Required(environment, CountVariable, "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job)");
            var index = Number("JOB_COMPLETION_INDEX", k8s);
            if (index < 0 || index >= count)
                throw new ArgumentException($"JOB_COMPLETION_INDEX={index} is outside 0..{count - 1} ({CountVariable}={count})");
            return new ShardSpec(index + 1, count);
        }
        return All;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    private static int Required(Func<string, string?> environment, string name, string because)
    {
        var value = environment(name);
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"{because} but {name} is not: set {name} to the number of shards, or give --shard I/N");
        var n = Number(name, value);
        if (n < 1) throw new ArgumentException($"{name}={n}: the shard count must be at least 1");
        return n;
    }

    private static int Number(string name, string value) =>
        TryInt(value, out var n) ? n : throw new ArgumentException($"{name}='{value}' is not a whole number");

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
