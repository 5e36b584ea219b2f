namespace EarthEmbed.Geo;

/// <summary>A GDAL call failed: the message names the file and operation and carries GDAL's own message
/// (CPLGetLastErrorMsg).</summary>
public class GdalException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GdalException() { }

    /// <summary>Creates the exception with a message.</summary>
    public GdalException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GdalException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception for a failed operation on a file.</summary>
    public GdalException(string message, string? path, string nativeMessage, int errorNumber) : base(message)
    {
        Path = path;
        NativeMessage = nativeMessage;
        ErrorNumber = errorNumber;
    }

    /// <summary>The file (or dataset name) the failed operation worked on.</summary>
    public string? Path { get; }

    /// <summary>GDAL's own error message ("" when GDAL gave none).</summary>
    public string NativeMessage { get; } = "";

    /// <summary>GDAL's CPLErrorNum (e.g. 4 = CPLE_OpenFailed, 1 = CPLE_AppDefined).</summary>
    public int ErrorNumber { get; }
}

/// <summary>A raster that GDAL reads fine but that does not fit the request: a wrong band count, rasters that do not
/// overlap, a window outside the raster. The message names the file, what was expected and what was found.</summary>
public class RasterInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RasterInputException() { }

    /// <summary>Creates the exception with a message.</summary>
    public RasterInputException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RasterInputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception for a file.</summary>
    public RasterInputException(string message, string? path) : base(message) => Path = path;

    /// <summary>The offending file, where there is one.</summary>
    public string? Path { get; }
}
