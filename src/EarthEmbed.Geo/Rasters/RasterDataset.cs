using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using EarthEmbed.Geo.Native;

namespace EarthEmbed.Geo;

/// <summary>An open raster: anything GDAL reads (GeoTIFF, COG, VRT, PNG, NetCDF sub-datasets ...). Gives its size,
/// bands, data types, no-data values, descriptions, geotransform and CRS, and reads windows as floats with a
/// validity mask. Rasters stored bottom-up are presented north-up: <see cref="Grid"/> and every window read are
/// in north-up row order whatever the file's layout. Not thread-safe: open the file once per thread.</summary>
public sealed partial class RasterDataset : IRasterSource, IDisposable
{
    private readonly DatasetHandle handle;
    private readonly RasterBandInfo[] bands;

    private RasterDataset(DatasetHandle handle, string path)
    {
        this.handle = handle;
        Path = path;
        Width = GdalNative.GDALGetRasterXSize(handle);
        Height = GdalNative.GDALGetRasterYSize(handle);
        BandCount = GdalNative.GDALGetRasterCount(handle);
        DriverName = Marshal.PtrToStringUTF8(GdalNative.GDALGetDriverShortName(GdalNative.GDALGetDatasetDriver(handle))) ?? "";
        bands = new RasterBandInfo[BandCount];
        for (var b = 1; b <= BandCount; b++) bands[b - 1] = ReadBandInfo(b);
        unsafe
        {
            var gt = stackalloc double[6];
            HasGeoTransform = GdalNative.GDALGetGeoTransform(handle, gt) == GdalNative.CeNone;
            FileTransform = HasGeoTransform ? GeoTransform.FromArray(new ReadOnlySpan<double>(gt, 6)) : GeoTransform.Identity;
        }
        GdalError.Reset(); // a missing geotransform is not an error worth keeping
        Crs = Crs.FromWktOrNull(Marshal.PtrToStringUTF8(GdalNative.GDALGetProjectionRef(handle)));
        var fileGrid = new Grid(Math.Max(Width, 1), Math.Max(Height, 1), FileTransform, Crs);
        Grid = IsBottomUp ? fileGrid.ToNorthUp() : fileGrid;
        SubDatasets = ReadSubDatasets();
    }

    /// <summary>Opens a raster read-only. Plain paths must exist; GDAL connection strings
    /// (<c>NETCDF:"file.nc":var</c>, <c>/vsizip/...</c>) are passed through.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="GdalException">GDAL cannot open it as a raster (the message says why).</exception>
    public static RasterDataset Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Gdal.EnsureRegistered();
        if (IsPlainPath(path) && !File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"raster '{path}' does not exist (looked in {System.IO.Path.GetFullPath(path)})", path);
        GdalError.Reset();
        var h = GdalNative.GDALOpenEx(path, GdalNative.OfReadOnly | GdalNative.OfRaster | GdalNative.OfVerboseError,
            IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        if (h == IntPtr.Zero) throw GdalError.Exception("opening as a raster", path);
        return Adopt(new DatasetHandle(h), path);
    }

    /// <summary>Wraps a handle this object then owns (closing it on dispose).</summary>
    internal static RasterDataset Adopt(DatasetHandle handle, string name)
    {
        try
        {
            return new RasterDataset(handle, name);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The native handle, for the warp and writer code of this library.</summary>
    internal DatasetHandle Handle => handle;

    /// <summary>The path (or GDAL connection string) the raster was opened from.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Name => Path;

    /// <summary>GDAL's short name of the driver that read it: "GTiff", "VRT", "PNG", "netCDF", "MEM" ...</summary>
    public string DriverName { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Number of bands (0 for a container of sub-datasets).</summary>
    public int BandCount { get; }

    /// <summary>Each band's number, data type, no-data value, description and block size.</summary>
    public IReadOnlyList<RasterBandInfo> Bands => bands;

    /// <summary>The geotransform as stored in the file (positive pixel height for bottom-up rasters).</summary>
    public GeoTransform FileTransform { get; }

    /// <summary>False when the file has no georeferencing (then <see cref="FileTransform"/> is the identity).</summary>
    public bool HasGeoTransform { get; }

    /// <summary>True when rows are stored south to north (positive pixel height); reads flip them to north-up.
    /// Rasters without georeferencing (GDAL's identity transform also has a positive pixel height) are never flipped.</summary>
    public bool IsBottomUp => HasGeoTransform && FileTransform.IsBottomUp;

    /// <summary>The CRS, or null when the file has none.</summary>
    public Crs? Crs { get; }

    /// <summary>The north-up grid that windows are read on.</summary>
    public Grid Grid { get; }

    /// <summary>Sub-datasets a container (NetCDF, HDF) holds: GDAL names to pass to <see cref="Open"/>, with their
    /// descriptions. Empty for plain rasters.</summary>
    public IReadOnlyList<SubDataset> SubDatasets { get; }

    /// <summary>Metadata items of a domain (null for the default domain), as GDAL reports them.</summary>
    public IReadOnlyDictionary<string, string> Metadata(string? domain = null)
    {
        ThrowIfDisposed();
        return StringList.ReadNameValues(GdalNative.GDALGetMetadata(handle.DangerousGetHandle(), domain));
    }

    /// <summary>Metadata items of one band (1-based) in a domain.</summary>
    public IReadOnlyDictionary<string, string> BandMetadata(int band, string? domain = null) =>
        StringList.ReadNameValues(GdalNative.GDALGetMetadata(BandPointer(band), domain));

    /// <summary>A view of some bands (1-based numbers, any order) as a raster source.</summary>
    public IRasterSource SelectBands(params int[] bandNumbers)
    {
        ArgumentNullException.ThrowIfNull(bandNumbers);
        foreach (var b in bandNumbers) CheckBand(b);
        return new BandSubset(this, bandNumbers);
    }

    /// <summary>Closes the dataset (GDALClose).</summary>
    public void Dispose() => handle.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{Path} ({DriverName}, {Width}x{Height}, {BandCount} band(s), {Crs?.ToString() ?? "no CRS"})";

    internal IntPtr BandPointer(int band)
    {
        ThrowIfDisposed();
        CheckBand(band);
        return GdalNative.GDALGetRasterBand(handle, band);
    }

    internal void CheckBand(int band)
    {
        if (band < 1 || band > BandCount)
            throw new RasterInputException($"band {band} does not exist in '{Path}', which has {BandCount} band(s) numbered from 1", Path);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(handle.IsClosed, this);

    private RasterBandInfo ReadBandInfo(int number)
    {
        var band = GdalNative.GDALGetRasterBand(handle, number);
        var signed = GdalNative.GDALGetMetadataItem(band, "PIXELTYPE", "IMAGE_STRUCTURE") is var p && p != IntPtr.Zero &&
                     Marshal.PtrToStringUTF8(p) == "SIGNEDBYTE";
        var type = RasterDataTypes.FromGdal(GdalNative.GDALGetRasterDataType(band), signed);
        var noData = GdalNative.GDALGetRasterNoDataValue(band, out var hasNoData);
        GdalNative.GDALGetBlockSize(band, out var bw, out var bh);
        var description = Marshal.PtrToStringUTF8(GdalNative.GDALGetDescription(band)) ?? "";
        return new RasterBandInfo(number, type, hasNoData != 0 ? noData : null, description, bw, bh);
    }

    private List<SubDataset> ReadSubDatasets()
    {
        var items = StringList.ReadNameValues(GdalNative.GDALGetMetadata(handle.DangerousGetHandle(), "SUBDATASETS"));
        var result = new List<SubDataset>();
        for (var i = 1; items.TryGetValue($"SUBDATASET_{i}_NAME", out var name); i++)
            result.Add(new SubDataset(name, items.GetValueOrDefault($"SUBDATASET_{i}_DESC", "")));
        return result;
    }

    internal static bool IsPlainPath(string path) =>
        !path.StartsWith("/vsi", StringComparison.Ordinal) && !DriverPrefix().IsMatch(path);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]+:")]
    private static partial Regex DriverPrefix();

    /// <summary>Bands of a dataset viewed as a source of their own.</summary>
    private sealed class BandSubset(RasterDataset dataset, int[] numbers) : IRasterSource
    {
        public string Name => $"{dataset.Path} (bands {string.Join(",", numbers)})";
        public Grid Grid => dataset.Grid;
        public int BandCount => numbers.Length;
        public void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid) => dataset.ReadInto(window, numbers, values, valid);
    }
}

/// <summary>A sub-dataset of a container file: <see cref="Name"/> opens it with <see cref="RasterDataset.Open"/>.</summary>
/// <param name="Name">GDAL's name for it, e.g. <c>NETCDF:"file.nc":temperature</c>.</param>
/// <param name="Description">GDAL's description, e.g. "[1x10x20] temperature (32-bit floating-point)".</param>
public sealed record SubDataset(string Name, string Description);
