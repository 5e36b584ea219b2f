using System.Diagnostics.CodeAnalysis;

namespace EarthEmbed.Data.Hydrology;

/// <summary>The groups of static site attributes. StefaLand masks whole groups at once during pretraining
/// (topography, soil, geology, vegetation, climate), so every attribute carries its group.</summary>
public enum AttributeGroup
{
    /// <summary>Elevation, slope, area and other terrain descriptors.</summary>
    Topography,

    /// <summary>Soil depth, porosity, conductivity, water-holding capacity.</summary>
    Soil,

    /// <summary>Rock permeability, porosity, carbonate fraction.</summary>
    Geology,

    /// <summary>Forest fraction, leaf area index, green vegetation fraction, rooting depth.</summary>
    Vegetation,

    /// <summary>Long-term climate indices (mean precipitation, aridity, snow fraction ...).</summary>
    Climate,

    /// <summary>Hydrological signatures computed from streamflow (CAMELS "hydro" table): derived from a target,
    /// so models must not use them as inputs when predicting streamflow.</summary>
    Hydrology,

    /// <summary>Anything else (attributes of a generic table that were not assigned a group).</summary>
    Other,
}

/// <summary>One numeric static attribute of a site: name, group and value (NaN = missing, as in real tables).</summary>
/// <param name="Name">Attribute name, e.g. "slope_mean".</param>
/// <param name="Group">The group it belongs to (used for group masking).</param>
/// <param name="Value">Its value; NaN when the source table has no value.</param>
[SuppressMessage("Naming", "CA1711", Justification = "'Static attribute' is the hydrologists' term (CAMELS catchment attributes), not a .NET attribute.")]
public readonly record struct StaticAttribute(string Name, AttributeGroup Group, double Value);

/// <summary>Names of the canonical variables shared by the synthetic world, the loaders and the models, so a model
/// trained on one source can be pointed at another. Units are given with each name.</summary>
public static class HydroVariables
{
    /// <summary>Daily precipitation, mm/day.</summary>
    public const string Precipitation = "precipitation";

    /// <summary>Daily-mean incoming shortwave radiation, W/m².</summary>
    public const string Shortwave = "shortwave";

    /// <summary>Daily-mean relative humidity, percent.</summary>
    public const string RelativeHumidity = "relative_humidity";

    /// <summary>Daily maximum air temperature, °C.</summary>
    public const string Tmax = "tmax";

    /// <summary>Daily minimum air temperature, °C.</summary>
    public const string Tmin = "tmin";

    /// <summary>Hargreaves potential evapotranspiration (FAO-56 eq. 52), mm/day.</summary>
    public const string Pet = "pet";

    /// <summary>Streamflow as a depth over the basin, mm/day.</summary>
    public const string Streamflow = "streamflow";

    /// <summary>Volumetric soil moisture of the top layer, m³/m³.</summary>
    public const string SoilMoisture = "soil_moisture";

    /// <summary>Sand fraction of the soil (0..1), a static target.</summary>
    public const string Sand = "sand_frac";

    /// <summary>Clay fraction of the soil (0..1), a static target.</summary>
    public const string Clay = "clay_frac";

    /// <summary>The six forcings of the StefaLand paper, in its order.</summary>
    public static IReadOnlyList<string> Forcings { get; } = [Precipitation, Shortwave, RelativeHumidity, Tmax, Tmin, Pet];

    /// <summary>The daily targets (streamflow and soil moisture).</summary>
    public static IReadOnlyList<string> DailyTargets { get; } = [Streamflow, SoilMoisture];

    /// <summary>The static targets (soil texture).</summary>
    public static IReadOnlyList<string> StaticTargets { get; } = [Sand, Clay];

    /// <summary>The attribute groups StefaLand masks as wholes, in its order.</summary>
    public static IReadOnlyList<AttributeGroup> MaskedGroups { get; } =
        [AttributeGroup.Topography, AttributeGroup.Soil, AttributeGroup.Geology, AttributeGroup.Vegetation, AttributeGroup.Climate];
}
