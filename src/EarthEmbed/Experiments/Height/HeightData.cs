using EarthEmbed.Runs;
using EarthEmbed.Data.Synthetic;
using EarthEmbed.Geo;

namespace EarthEmbed.Experiments.Height;

/// <summary>Loads the height experiment's data into a <see cref="HeightScene"/>: the seeded synthetic landscape
/// (default), real AlphaEarth embeddings with a DSM on any grid and CRS (resampled onto the 10 m embedding grid by
/// averaging; no-data masked in both), or the Olinda sample (Landsat-7 bands standing in for embeddings, SRTM as
/// height).</summary>
public static class HeightData
{
    /// <summary>The scene described by <paramref name="config"/> (<see cref="HeightConfig.Data"/>).</summary>
    public static HeightScene Prepare(HeightConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return config.Data switch
        {
            "synthetic" => Synthetic(config.Landscape, config.ValidationFraction),
            "alphaearth" => FromFiles(config.EmbeddingsPath!, config.DsmPath!, config.TestFraction, config.ValidationFraction),
            "olinda" => Olinda(DataPaths.Resolve(config.OlindaFolder), config.TestFraction, config.ValidationFraction),
            _ => throw new ArgumentException($"unknown data '{config.Data}'"),
        };
    }

    /// <summary>The synthetic landscape: its 64-band embeddings as inputs and its DSM (terrain + objects) as height;
    /// the test block is the landscape's eastern, higher-lying block.</summary>
    public static HeightScene Synthetic(LandscapeConfig landscape, double validationFraction = 0.2)
    {
        ArgumentNullException.ThrowIfNull(landscape);
        var land = LandscapeGenerator.Generate(landscape);
        var grid = new Grid(land.Width, land.Height, GeoTransform.FromArray(land.GeoTransform), Crs.FromEpsg(Landscape.Epsg));
        var description = $"synthetic landscape (seed {landscape.Seed}, {land.Width}x{land.Height} px of {landscape.PixelSize:0.#} m, " +
                          $"{land.Bands} bands; test block = eastern {landscape.TestFraction:P0}, on higher ground)";
        return new HeightScene(land.Embeddings, (float[])land.Dsm.Clone(), land.Bands, grid, land.TestStartColumn, validationFraction,
            description, land);
    }

    /// <summary>Real formats: an embedding raster (AlphaEarth int8, de-quantised, -128 no-data; or float, NaN or the
    /// band no-data value) and a DSM on any grid and CRS, averaged onto the embedding grid (GDAL's warper, as
    /// <c>gdalwarp -r average</c>). Pixels that are no-data in any band or in the DSM are masked.</summary>
    public static HeightScene FromFiles(string embeddingsPath, string dsmPath, double testFraction = 0.3, double validationFraction = 0.2)
    {
        var (inputs, bands, grid) = ReadEmbeddings(embeddingsPath);
        var target = ResampleHeight(dsmPath, grid);
        var test = TestStart(grid.Width, testFraction);
        return new HeightScene(inputs, target, bands, grid, test, validationFraction,
            $"{Path.GetFileName(embeddingsPath)} ({bands} bands, {grid.Width}x{grid.Height}) with heights from {Path.GetFileName(dsmPath)} " +
            $"(averaged onto the embedding grid); test block = eastern {testFraction:P0}");
    }

    /// <summary>The Olinda sample: Landsat-7's 6 bands stand in for embeddings, the SRTM DEM (about 90 m, another
    /// CRS) is averaged onto the 28.5 m Landsat grid. It shows the pipeline on real rasters; it is not the paper's data.</summary>
    public static HeightScene Olinda(string folder, double testFraction = 0.3, double validationFraction = 0.2)
    {
        var landsat = Path.Combine(folder, "L7_ETMs.tif");
        var dem = Path.Combine(folder, "olinda_dem_utm25s.tif");
        if (!File.Exists(landsat) || !File.Exists(dem))
            throw new FileNotFoundException($"the Olinda sample is not in '{folder}' (expected L7_ETMs.tif and olinda_dem_utm25s.tif; " +
                                            "run bash environment/fetch-olinda.sh)", landsat);
        var (inputs, bands, grid) = ReadEmbeddings(landsat);
        var target = ResampleHeight(dem, grid);
        return new HeightScene(inputs, target, bands, grid, TestStart(grid.Width, testFraction), validationFraction,
            $"Olinda sample (Landsat-7 ETM+ 6 bands as stand-in embeddings, SRTM as height, {grid.Width}x{grid.Height} px of 28.5 m); " +
            $"test block = eastern {testFraction:P0}");
    }

    /// <summary>Reads an embedding raster whole: band-sequential floats with NaN at no-data. Signed 8-bit rasters are
    /// de-quantised the AlphaEarth way.</summary>
    public static (float[] Values, int Bands, Grid Grid) ReadEmbeddings(string path)
    {
        using var source = OpenInputs(path);
        var window = source.ReadAll();
        var values = window.Values;
        for (var i = 0; i < values.Length; i++) if (!window.Valid[i]) values[i] = float.NaN;
        return (values, source.BandCount, source.Grid);
    }

    /// <summary>Opens an input raster: <see cref="AlphaEarthReader"/> for signed 8-bit (quantised AlphaEarth) files,
    /// a plain <see cref="RasterDataset"/> otherwise. Local paths and GDAL's virtual file systems (/vsis3/,
    /// /vsicurl/ ...) alike. Throws <see cref="FileNotFoundException"/> naming a missing local file.</summary>
    public static DisposableSource OpenInputs(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dataset = RasterDataset.Open(path);
        if (dataset.Bands.All(b => b.DataType == RasterDataType.Int8))
        {
            var bands = dataset.BandCount;
            dataset.Dispose();
            var reader = AlphaEarthReader.Open(path, bands);
            return new DisposableSource(reader, reader);
        }
        return new DisposableSource(dataset, dataset);
    }

    /// <summary>The DSM at <paramref name="dsmPath"/> averaged onto <paramref name="grid"/> (reprojected when the CRSs
    /// differ); NaN where no source pixel with data falls.</summary>
    public static float[] ResampleHeight(string dsmPath, Grid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (!File.Exists(dsmPath)) throw new FileNotFoundException($"DSM '{dsmPath}' does not exist", dsmPath);
        using var dsm = RasterDataset.Open(dsmPath);
        if (dsm.BandCount < 1) throw new RasterInputException($"'{dsmPath}' has no bands", dsmPath);
        using var warped = Warp.ToGrid(dsm, grid, new WarpOptions { Method = Resampling.Average, DataType = RasterDataType.Float32, NoData = double.NaN });
        var window = warped.Read(grid.FullWindow, [1]);
        var values = window.Values;
        for (var i = 0; i < values.Length; i++) if (!window.Valid[i]) values[i] = float.NaN;
        return values;
    }

    private static int TestStart(int width, double testFraction) => SpatialSplit.EastBlockStart(width, testFraction);
}
