namespace EarthEmbed.Data.SuperResolution;

/// <summary>What covers one 1 m pixel of a <see cref="SceneGenerator"/> scene. Roads, buildings and paved plazas
/// are impervious surface (ISA = 1); everything else is pervious (ISA = 0).</summary>
public enum Surface : byte
{
    /// <summary>Rivers, canals and ponds.</summary>
    Water = 0,
    /// <summary>Tree canopy (parks, forest, tree rows).</summary>
    Trees = 1,
    /// <summary>Lawns, meadows and pasture.</summary>
    Grass = 2,
    /// <summary>Cultivated fields.</summary>
    Crops = 3,
    /// <summary>Bare soil (yards, fallow fields, building sites): spectrally close to some roofs.</summary>
    BareSoil = 4,
    /// <summary>Rock and scree on steep mountain slopes.</summary>
    Rock = 5,
    /// <summary>Asphalt roads and tracks.</summary>
    Road = 6,
    /// <summary>Building roofs.</summary>
    Building = 7,
    /// <summary>Concrete plazas, car parks and courtyards.</summary>
    Plaza = 8,
}

/// <summary>The two scene types the paper contrasts: dense urban fabric and mountainous rural land with sparse
/// settlements.</summary>
public enum SceneType
{
    /// <summary>Dense urban: a rotated street grid, built blocks, plazas, parks, sometimes a canal.</summary>
    Urban = 0,
    /// <summary>Mountainous rural: relief with hill shading, forest, fields, rock, a river, winding roads and a few
    /// small settlements.</summary>
    Rural = 1,
    /// <summary>A scene cut from the user's own rasters, of no declared type: it counts in the pooled test split
    /// only, not in the per-type ones.</summary>
    Unspecified = 2,
}

/// <summary>Helpers over <see cref="Surface"/>.</summary>
public static class SurfaceExtensions
{
    /// <summary>True for roads, buildings and plazas: the impervious surface area (ISA) class.</summary>
    public static bool IsImpervious(this Surface s) => s is Surface.Road or Surface.Building or Surface.Plaza;
}
