"""Small raster fixtures for EarthEmbed.Geo's tests, written with Debian's python3-gdal (GDAL's own writers).

Usage: /usr/bin/python3 generate.py OUT_DIR      (environment/test.sh runs it into build/fixtures/EarthEmbed.Geo.Tests)

Every raster has a real CRS and transform. Pixel values follow closed formulas, so the C# tests recompute the
expected values independently (the formulas are repeated in Fixtures/FixtureFormulas.cs):
  value(b, r, c) = 1000*b + 10*r + 0.5*c      (b band from 0, r row from the north, c column from the west)
"""
import os
import sys

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()

UTM25S = 32725        # WGS 84 / UTM zone 25S (Olinda, Brazil)
SIRGAS_UTM25S = 31985  # SIRGAS 2000 / UTM zone 25S (the Olinda Landsat scene's CRS)


def wkt(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.ExportToWkt()


def formula(bands, rows, cols):
    b, r, c = np.meshgrid(np.arange(bands), np.arange(rows), np.arange(cols), indexing="ij")
    return (1000.0 * b + 10.0 * r + 0.5 * c).astype(np.float32)


def create(path, cols, rows, bands, gdt, transform, epsg, options=(), driver="GTiff"):
    ds = gdal.GetDriverByName(driver).Create(path, cols, rows, bands, gdt, list(options))
    ds.SetGeoTransform(transform)
    if epsg:
        ds.SetProjection(wkt(epsg))
    return ds


def float_with_nodata(out):
    """3 float bands, 37x23, UTM 25S, 30 m, inside the footprint of wgs84_field.tif, tiled 16x16; no-data -9999 where (r + c) % 7 == 0 in band 0 and r == 5
    in every band; one NaN at band 1 (2, 3). Band descriptions red, green, nir."""
    rows, cols = 23, 37
    data = formula(3, rows, cols)
    r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    data[0][(r + c) % 7 == 0] = -9999
    data[:, 5, :] = -9999
    data[1, 2, 3] = np.nan
    ds = create(os.path.join(out, "float_nodata.tif"), cols, rows, 3, gdal.GDT_Float32,
                (291000.0, 30.0, 0.0, 9117000.0, 0.0, -30.0), UTM25S,
                ["TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16", "COMPRESS=DEFLATE"])
    for b, name in enumerate(["red", "green", "nir"]):
        band = ds.GetRasterBand(b + 1)
        band.SetNoDataValue(-9999)
        band.SetDescription(name)
        band.WriteArray(data[b])
    ds = None


def byte_without_nodata(out):
    """1 Byte band, 41x29, SIRGAS 2000 / UTM 25S, 28.5 m, striped, no no-data: value (r * 7 + c * 3) % 256."""
    rows, cols = 29, 41
    r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    ds = create(os.path.join(out, "byte_plain.tif"), cols, rows, 1, gdal.GDT_Byte,
                (288776.3, 28.5, 0.0, 9120761.0, 0.0, -28.5), SIRGAS_UTM25S)
    ds.GetRasterBand(1).WriteArray(((r * 7 + c * 3) % 256).astype(np.uint8))
    ds = None


def bottom_up(out):
    """2 float bands, 20x16, stored south-up (positive pixel height, origin at the south-west corner). Seen north-up
    the values follow the formula; file row k holds north-up row 15 - k."""
    rows, cols = 16, 20
    data = formula(2, rows, cols)[:, ::-1, :]
    ds = create(os.path.join(out, "bottom_up.tif"), cols, rows, 2, gdal.GDT_Float32,
                (300000.0, 10.0, 0.0, 9100000.0, 0.0, 10.0), UTM25S)
    for b in range(2):
        ds.GetRasterBand(b + 1).WriteArray(np.ascontiguousarray(data[b]))
    ds = None


def unit_vectors(rows, cols, dims=64, seed=7):
    rng = np.random.default_rng(seed)
    v = rng.normal(size=(dims, rows, cols))
    return v / np.linalg.norm(v, axis=0, keepdims=True)


def alphaearth(out):
    """AlphaEarth-style embeddings, 64 bands A00..A63, 24x20, UTM 25S, 10 m.
    alphaearth_int8.tif: signed bytes q = round(sign(v) * sqrt(|v|) * 127.5) clipped to [-127, 127], -128 no-data in
    every band at rows 0-1 (north-up) and at pixel (10, 10), stored bottom-up like the published tiles.
    alphaearth_float.tif: the same unit vectors as float32, north-up, NaN no-data at the same pixels.
    alphaearth_vectors.npy-like truth: alphaearth_truth.bin, float32 [64][20][24] north-up (NaN at no-data)."""
    rows, cols = 20, 24
    v = unit_vectors(rows, cols)
    q = np.clip(np.round(np.sign(v) * np.sqrt(np.abs(v)) * 127.5), -127, 127).astype(np.int8)
    q[:, 0:2, :] = -128
    q[:, 10, 10] = -128
    ds = create(os.path.join(out, "alphaearth_int8.tif"), cols, rows, 64, gdal.GDT_Byte,
                (400000.0, 10.0, 0.0, 9000000.0 - rows * 10.0, 0.0, 10.0), UTM25S,
                ["PIXELTYPE=SIGNEDBYTE", "TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16"])
    for b in range(64):
        band = ds.GetRasterBand(b + 1)
        band.SetNoDataValue(-128)
        band.SetDescription("A%02d" % b)
        band.WriteArray(np.ascontiguousarray(q[b, ::-1, :]).view(np.uint8))
    ds = None

    f = v.astype(np.float32)
    f[:, 0:2, :] = np.nan
    f[:, 10, 10] = np.nan
    ds = create(os.path.join(out, "alphaearth_float.tif"), cols, rows, 64, gdal.GDT_Float32,
                (400000.0, 10.0, 0.0, 9000000.0, 0.0, -10.0), UTM25S)
    for b in range(64):
        band = ds.GetRasterBand(b + 1)
        band.SetNoDataValue(float("nan"))
        band.SetDescription("A%02d" % b)
        band.WriteArray(f[b])
    ds = None
    f.tofile(os.path.join(out, "alphaearth_truth.bin"))

    bad = create(os.path.join(out, "alphaearth_16bands.tif"), cols, rows, 16, gdal.GDT_Float32,
                 (400000.0, 10.0, 0.0, 9000000.0, 0.0, -10.0), UTM25S)
    bad = None


def geographic_field(out):
    """A smooth float field in WGS 84 geographic coordinates (EPSG:4326) over Olinda, 60x50 at 0.001 degree,
    value 100 + 50 * sin(lon * 200) * cos(lat * 300), no-data -1 in the first column: the source of reprojection tests."""
    rows, cols = 50, 60
    lon0, lat0 = -34.90, -7.98
    lon = lon0 + (np.arange(cols) + 0.5) * 0.001
    lat = lat0 - (np.arange(rows) + 0.5) * 0.001
    lo, la = np.meshgrid(lon, lat)
    data = (100 + 50 * np.sin(lo * 200) * np.cos(la * 300)).astype(np.float32)
    data[:, 0] = -1
    ds = create(os.path.join(out, "wgs84_field.tif"), cols, rows, 1, gdal.GDT_Float32,
                (lon0, 0.001, 0.0, lat0, 0.0, -0.001), 4326)
    ds.GetRasterBand(1).SetNoDataValue(-1)
    ds.GetRasterBand(1).WriteArray(data)
    ds = None


def far_away(out):
    """A raster in UTM 25S 500 km east of everything else: overlaps nothing."""
    ds = create(os.path.join(out, "far_away.tif"), 10, 10, 1, gdal.GDT_Float32,
                (800000.0, 30.0, 0.0, 9500000.0, 0.0, -30.0), UTM25S)
    ds.GetRasterBand(1).Fill(1.0)
    ds = None


def formats(out):
    """The same data through other drivers: PNG (no georeferencing: the .aux.xml side-car is removed), a COG, a VRT mosaic of two halves, and a
    NetCDF file with two variables (sub-datasets)."""
    src = gdal.Open(os.path.join(out, "byte_plain.tif"))
    gdal.Translate(os.path.join(out, "byte_plain.png"), src, format="PNG")
    os.remove(os.path.join(out, "byte_plain.png.aux.xml"))  # GDAL's side-car georeferencing: keep the PNG plain
    gdal.Translate(os.path.join(out, "float_nodata_cog.tif"), os.path.join(out, "float_nodata.tif"), format="COG",
                   creationOptions=["COMPRESS=DEFLATE"])
    gdal.Translate(os.path.join(out, "west.tif"), src, srcWin=[0, 0, 20, 29])
    gdal.Translate(os.path.join(out, "east.tif"), src, srcWin=[20, 0, 21, 29])
    gdal.BuildVRT(os.path.join(out, "mosaic.vrt"), [os.path.join(out, "west.tif"), os.path.join(out, "east.tif")])
    src = None

    path = os.path.join(out, "two_variables.nc")
    ds = gdal.GetDriverByName("netCDF").CreateMultiDimensional(path)
    root = ds.GetRootGroup()
    y = root.CreateDimension("y", None, None, 6)
    x = root.CreateDimension("x", None, None, 8)
    for i, name in enumerate(["temperature", "rainfall"]):
        arr = root.CreateMDArray(name, [y, x], gdal.ExtendedDataType.Create(gdal.GDT_Float32))
        arr.Write((np.arange(48, dtype=np.float32).reshape(6, 8) + 100 * i).tobytes())
    ds = None


def broken(out):
    """Inputs that must fail cleanly: a text file named .tif, and a compressed GeoTIFF cut to 60% of its bytes."""
    with open(os.path.join(out, "not_a_raster.tif"), "w") as f:
        f.write("this is a text file, not a GeoTIFF\n")
    rows, cols = 128, 128
    rng = np.random.default_rng(3)
    full = os.path.join(out, "full_for_truncation.tif")
    ds = create(full, cols, rows, 1, gdal.GDT_Float32, (290000.0, 30.0, 0.0, 9120000.0, 0.0, -30.0), UTM25S,
                ["TILED=YES", "BLOCKXSIZE=32", "BLOCKYSIZE=32", "COMPRESS=DEFLATE"])
    ds.GetRasterBand(1).WriteArray(rng.normal(size=(rows, cols)).astype(np.float32))
    ds = None
    with open(full, "rb") as f:
        data = f.read()
    with open(os.path.join(out, "truncated.tif"), "wb") as f:
        f.write(data[: int(len(data) * 0.6)])
    os.remove(full)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for step in (float_with_nodata, byte_without_nodata, bottom_up, alphaearth, geographic_field, far_away, formats, broken):
        step(out)
    print("wrote", len(os.listdir(out)), "fixture files to", out)


if __name__ == "__main__":
    main()
