using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Rasters;

/// <summary>Metadata read through P/Invoke agrees with gdalinfo -json on the same files.</summary>
public class RasterDatasetTests
{
    [Theory]
    [InlineData("float_nodata.tif")]
    [InlineData("byte_plain.tif")]
    [InlineData("bottom_up.tif")]
    [InlineData("alphaearth_int8.tif")]
    [InlineData("float_nodata_cog.tif")]
    [InlineData("mosaic.vrt")]
    [InlineData("byte_plain.png")]
    public void Size_bands_types_nodata_descriptions_and_transform_match_gdalinfo(string name)
    {
        var path = Fixture.Path(name);
        var info = Fixture.GdalInfo(path);
        using var ds = RasterDataset.Open(path);

        var size = info.GetProperty("size");
        Assert.Equal(size[0].GetInt32(), ds.Width);
        Assert.Equal(size[1].GetInt32(), ds.Height);
        var bands = info.GetProperty("bands");
        Assert.Equal(bands.GetArrayLength(), ds.BandCount);
        for (var b = 0; b < ds.BandCount; b++)
        {
            var band = bands[b];
            var ours = ds.Bands[b];
            Assert.Equal(b + 1, ours.Number);
            var type = band.GetProperty("type").GetString();
            Assert.Equal(type == "Byte" && ours.DataType == RasterDataType.Int8 ? "Byte" : ours.DataType.ToString(), type);
            if (band.TryGetProperty("noDataValue", out var nd))
            {
                Assert.NotNull(ours.NoData);
                if (nd.ValueKind == System.Text.Json.JsonValueKind.String) Assert.True(double.IsNaN(ours.NoData!.Value));
                else Assert.Equal(nd.GetDouble(), ours.NoData!.Value);
            }
            else
            {
                Assert.Null(ours.NoData);
            }
            Assert.Equal(band.TryGetProperty("description", out var d) ? d.GetString() : "", ours.Description);
            var block = band.GetProperty("block");
            Assert.Equal((block[0].GetInt32(), block[1].GetInt32()), (ours.BlockWidth, ours.BlockHeight));
        }
        if (info.TryGetProperty("geoTransform", out var gt))
        {
            Assert.True(ds.HasGeoTransform);
            var expected = gt.EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(expected, ds.FileTransform.ToArray());
        }
        else
        {
            Assert.False(ds.HasGeoTransform);
        }
        Assert.Equal(info.GetProperty("driverShortName").GetString(), ds.DriverName);
    }

    [Theory]
    [InlineData("float_nodata.tif", 32725, "WGS 84 / UTM zone 25S")]
    [InlineData("byte_plain.tif", 31985, "SIRGAS 2000 / UTM zone 25S")]
    [InlineData("wgs84_field.tif", 4326, "WGS 84")]
    public void Crs_gives_the_epsg_code_and_name_gdalinfo_reports(string name, int epsg, string crsName)
    {
        var path = Fixture.Path(name);
        var info = Fixture.GdalInfo(path);
        using var ds = RasterDataset.Open(path);
        Assert.NotNull(ds.Crs);
        Assert.Equal(epsg, ds.Crs!.Epsg);
        Assert.Equal(crsName, ds.Crs.Name);
        var wkt = info.GetProperty("coordinateSystem").GetProperty("wkt").GetString()!;
        Assert.True(ds.Crs.IsSame(Crs.Parse(wkt)), "gdalinfo's WKT2 and our WKT describe the same CRS");
        Assert.Contains($"ID[\"EPSG\",{epsg}]", ds.Crs.ToWkt2(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_without_georeferencing_has_no_crs_and_the_identity_transform()
    {
        using var ds = RasterDataset.Open(Fixture.Path("byte_plain.png"));
        Assert.Equal("PNG", ds.DriverName);
        Assert.Null(ds.Crs);
        Assert.False(ds.HasGeoTransform);
        Assert.Equal(GeoTransform.Identity, ds.FileTransform);
    }

    [Fact]
    public void A_png_reads_the_same_pixels_as_the_geotiff_it_was_made_from()
    {
        using var tif = RasterDataset.Open(Fixture.Path("byte_plain.tif"));
        using var png = RasterDataset.Open(Fixture.Path("byte_plain.png"));
        Assert.Equal(tif.ReadAll().Values, png.ReadAll().Values);
    }

    [Fact]
    public void A_vrt_mosaic_of_two_halves_reads_as_the_whole()
    {
        using var whole = RasterDataset.Open(Fixture.Path("byte_plain.tif"));
        using var vrt = RasterDataset.Open(Fixture.Path("mosaic.vrt"));
        Assert.Equal("VRT", vrt.DriverName);
        Assert.Equal(whole.Grid, vrt.Grid);
        Assert.Equal(whole.ReadAll().Values, vrt.ReadAll().Values);
    }

    [Fact]
    public void A_netcdf_container_lists_its_variables_as_sub_datasets_that_open_and_read()
    {
        Assert.True(Gdal.HasDriver("netCDF"), "Debian's GDAL has the netCDF driver");
        var path = Fixture.Path("two_variables.nc");
        using var container = RasterDataset.Open(path);
        Assert.Equal(0, container.BandCount);
        Assert.Equal(2, container.SubDatasets.Count);
        Assert.Equal($"NETCDF:\"{path}\":temperature", container.SubDatasets[0].Name);
        Assert.Contains("rainfall", container.SubDatasets[1].Description, StringComparison.Ordinal);
        var ex = Assert.Throws<RasterInputException>(() => container.ReadAll());
        Assert.Contains("sub-datasets", ex.Message, StringComparison.Ordinal);

        using var rain = RasterDataset.Open(container.SubDatasets[1].Name);
        Assert.Equal((8, 6, 1), (rain.Width, rain.Height, rain.BandCount));
        var w = rain.ReadAll();
        // Written as arange(48).reshape(6, 8) + 100; GDAL presents NetCDF north-up when the y axis allows, else as stored.
        var sorted = w.Values.Order().ToArray();
        Assert.Equal(Enumerable.Range(100, 48).Select(v => (float)v).ToArray(), sorted);
    }

    [Fact]
    public void Dataset_and_band_metadata_domains_are_readable()
    {
        using var ds = RasterDataset.Open(Fixture.Path("alphaearth_int8.tif"));
        Assert.Equal("SIGNEDBYTE", ds.BandMetadata(1, "IMAGE_STRUCTURE")["PIXELTYPE"]);
        Assert.Equal("PIXEL", ds.Metadata("IMAGE_STRUCTURE")["INTERLEAVE"]);
        using var cog = RasterDataset.Open(Fixture.Path("float_nodata_cog.tif"));
        Assert.Equal("COG", cog.Metadata("IMAGE_STRUCTURE")["LAYOUT"]);
    }

    [Fact]
    public void Disposing_closes_the_dataset_and_later_calls_say_so()
    {
        var ds = RasterDataset.Open(Fixture.Path("byte_plain.tif"));
        ds.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ds.ReadAll());
    }
}
