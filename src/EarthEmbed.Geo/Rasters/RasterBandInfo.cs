namespace EarthEmbed.Geo;

/// <summary>What a band of a raster is: its number (1-based, as GDAL counts), data type, no-data value, description
/// and the block (tile or strip) size it is stored in.</summary>
/// <param name="Number">Band number, 1-based as in gdalinfo.</param>
/// <param name="DataType">Stored pixel type.</param>
/// <param name="NoData">The no-data value, or null when the band has none.</param>
/// <param name="Description">The band's description (e.g. "A00" or "elevation"); "" when unset.</param>
/// <param name="BlockWidth">Width of a storage block in pixels.</param>
/// <param name="BlockHeight">Height of a storage block in pixels.</param>
public sealed record RasterBandInfo(int Number, RasterDataType DataType, double? NoData, string Description, int BlockWidth, int BlockHeight);
