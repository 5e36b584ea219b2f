namespace EarthEmbed.Geo.Tests.Files;

/// <summary>CSV fields as RFC 4180 quotes them, worked by hand.</summary>
public class CsvFieldsTests
{
    [Fact]
    public void Quoted_fields_with_separators_and_quotes_round_trip()
    {
        var fields = CsvFields.Split("a,\"b, c\",\"say \"\"hi\"\"\",");
        Assert.Equal(["a", "b, c", "say \"hi\"", ""], fields);
        Assert.Equal("\"say \"\"hi\"\"\"", CsvFields.Quote("say \"hi\""));
        Assert.Equal("plain", CsvFields.Quote("plain"));
        Assert.Equal(fields, CsvFields.Split(string.Join(",", fields.Select(f => CsvFields.Quote(f)))));
    }

    [Fact]
    public void Another_separator_splits_and_quotes_on_itself_only()
    {
        Assert.Equal(["gauge_id", "huc_02", "name, with comma"], CsvFields.Split("gauge_id;huc_02;name, with comma", ';'));
        Assert.Equal("\"a;b\"", CsvFields.Quote("a;b", ';'));
        Assert.Equal("a,b", CsvFields.Quote("a,b", ';'));
    }
}
