namespace EarthEmbed.Data.Synthetic;

/// <summary>A generated landscape: row-major rasters of <see cref="Width"/> x <see cref="Height"/> pixels, north up,
/// on a Lambert-93 grid (EPSG:2154) described by <see cref="GeoTransform"/> (GDAL's six coefficients).</summary>
public sealed class Landscape
{
    internal Landscape(LandscapeConfig config, float[] terrain, float[] objectHeight, LandCover[] cover, float[] embeddings)
    {
        Config = config;
        Terrain = terrain;
        ObjectHeight = objectHeight;
        Cover = cover;
        Embeddings = embeddings;
        Dsm = new float[terrain.Length];
        for (var i = 0; i < Dsm.Length; i++) Dsm[i] = terrain[i] + objectHeight[i];
    }

    /// <summary>The settings it was made with.</summary>
    public LandscapeConfig Config { get; }

    /// <summary>Columns.</summary>
    public int Width => Config.Width;

    /// <summary>Rows.</summary>
    public int Height => Config.Height;

    /// <summary>Embedding bands.</summary>
    public int Bands => Config.Bands;

    /// <summary>Bare-earth elevation (DTM), metres.</summary>
    public float[] Terrain { get; }

    /// <summary>Height of buildings, canopy and crops above the ground, metres.</summary>
    public float[] ObjectHeight { get; }

    /// <summary>Surface elevation (DSM) = terrain + object height, metres: the regression target.</summary>
    public float[] Dsm { get; }

    /// <summary>Land cover per pixel.</summary>
    public LandCover[] Cover { get; }

    /// <summary>Band-sequential embeddings (band b of pixel i at b * Width * Height + i), unit length per pixel.</summary>
    public float[] Embeddings { get; }

    /// <summary>GDAL geotransform: origin x, pixel width, 0, origin y, 0, -pixel height.</summary>
    public double[] GeoTransform => [Config.OriginX, Config.PixelSize, 0, Config.OriginY, 0, -Config.PixelSize];

    /// <summary>EPSG code of the coordinate reference system (RGF93 / Lambert-93, as the French DSMs use).</summary>
    public const int Epsg = 2154;

    /// <summary>First column of the test block (columns at or right of it are test).</summary>
    public int TestStartColumn => Config.TestStartColumn;

    /// <summary>True for pixels in the test block.</summary>
    public bool IsTest(int column) => column >= TestStartColumn;
}
