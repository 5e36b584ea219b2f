namespace EarthEmbed.Data.Synthetic;

/// <summary>Land-cover classes of the synthetic landscape (stored as bytes).</summary>
public enum LandCover : byte
{
    /// <summary>Rivers and lakes.</summary>
    Water = 0,
    /// <summary>Buildings, roads and plazas.</summary>
    BuiltUp = 1,
    /// <summary>Forest and tree rows.</summary>
    Trees = 2,
    /// <summary>Meadows and pasture.</summary>
    Grass = 3,
    /// <summary>Cultivated parcels.</summary>
    Crops = 4,
    /// <summary>Rock and bare soil.</summary>
    Bare = 5,
}
