namespace EarthEmbed.Data.Hydrology.Formats;

/// <summary>File and column names of the generic layout (<see cref="GenericLayout"/>). The defaults are what
/// <see cref="GenericLayout.Write"/> produces; Caravan reads with
/// <c>IdColumn = "gauge_id"</c>, <c>AttributeFiles = ["attributes/camels/attributes_caravan_camels.csv", ...]</c> and
/// <c>SeriesFolder = "timeseries/csv/camels"</c>.</summary>
public sealed class GenericLayoutOptions
{
    /// <summary>CSV files of static attributes (one row per site), relative to the dataset folder; columns of several
    /// files are joined on the id column.</summary>
    public IReadOnlyList<string> AttributeFiles { get; set; } = ["attributes.csv"];

    /// <summary>Folder (relative) with one CSV of daily series per site, named <c>&lt;site_id&gt;.csv</c>.</summary>
    public string SeriesFolder { get; set; } = "timeseries";

    /// <summary>Name of the site id column of the attribute and target files.</summary>
    public string IdColumn { get; set; } = "site_id";

    /// <summary>Name of the date column of the series files (yyyy-MM-dd).</summary>
    public string DateColumn { get; set; } = "date";

    /// <summary>Attribute column holding the region (optional; a missing column leaves the region empty).</summary>
    public string RegionColumn { get; set; } = "region";

    /// <summary>Accepted names of the latitude column (the first present is used).</summary>
    public IReadOnlyList<string> LatitudeColumns { get; set; } = ["latitude", "lat", "gauge_lat"];

    /// <summary>Accepted names of the longitude column.</summary>
    public IReadOnlyList<string> LongitudeColumns { get; set; } = ["longitude", "lon", "gauge_lon"];

    /// <summary>Optional CSV <c>attribute,group</c> assigning groups (topography, soil, geology, vegetation, climate,
    /// hydrology, other, or label for text); unlisted numeric columns get <see cref="AttributeGroup.Other"/>.</summary>
    public string GroupsFile { get; set; } = "attribute_groups.csv";

    /// <summary>Optional CSV of static targets: the id column and one column per target.</summary>
    public string StaticTargetsFile { get; set; } = "static_targets.csv";

    /// <summary>Optional CSV of landslide events: the id column and a date column.</summary>
    public string LandslidesFile { get; set; } = "landslides.csv";

    /// <summary>Tokens read as missing values (besides NaN), e.g. add "-999" for tables that use it.</summary>
    public IReadOnlySet<string> MissingValues { get; set; } = TextRecords.DefaultMissing;

    /// <summary>Sites to load (null: every row of the attribute table).</summary>
    public IReadOnlyList<string>? SiteIds { get; set; }

    /// <summary>Dataset name (default: the folder name).</summary>
    public string? Name { get; set; }
}
