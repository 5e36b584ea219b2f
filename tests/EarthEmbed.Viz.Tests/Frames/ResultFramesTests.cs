using System.Globalization;
using EarthEmbed.Viz.Frames;
using Microsoft.Data.Analysis;

namespace EarthEmbed.Viz.Tests.Frames;

/// <summary>The DataFrame loaders against hand-made results files (metrics.json of the contract's shape, a per-site
/// CSV, a per-bin CSV, training histories as the trainer writes them and as CSV); every expected value is written
/// out here by hand.</summary>
public class ResultFramesTests
{
    private static string Write(string name, string text)
    {
        var path = Path.Combine(Tools.OutputFolder("frames-" + Path.GetFileNameWithoutExtension(name)), name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string MetricsJson = """
        {
          "experiment": "demo", "data": "hand-made", "machine": "anywhere",
          "models": {
            "unet": {"test": {"r2": 0.8123, "rmse": 3.456}, "train": {"r2": 0.9, "rmse": null}},
            "ridge": {"test": {"r2": 0.187}}
          },
          "paper": {"unet": {"test": {"r2": 0.85, "rmse": 2.1}}}
        }
        """;

    [Fact]
    public void Metrics_load_one_row_per_source_model_and_split_with_a_double_column_per_metric()
    {
        var frame = ResultFrames.Metrics(Write("metrics.json", MetricsJson));
        Assert.Equal(["source", "model", "split", "r2", "rmse"], frame.Columns.Select(c => c.Name));
        Assert.Equal(4, frame.Rows.Count);
        Assert.IsType<DoubleDataFrameColumn>(frame["r2"]);
        // JSON order: ours (unet test, unet train, ridge test), then the paper's.
        Assert.Equal(["ours", "ours", "ours", "paper"], Strings(frame["source"]));
        Assert.Equal(["unet", "unet", "ridge", "unet"], Strings(frame["model"]));
        Assert.Equal(["test", "train", "test", "test"], Strings(frame["split"]));
        Assert.Equal(new double?[] { 0.8123, 0.9, 0.187, 0.85 }, Doubles(frame["r2"]));
        Assert.Equal(new double?[] { 3.456, null, null, 2.1 }, Doubles(frame["rmse"]));  // null in the file; absent for ridge
        Assert.Equal(2, frame["rmse"].NullCount);
    }

    [Fact]
    public void Metrics_filter_and_group_as_DataFrames_do()
    {
        var frame = ResultFrames.Metrics(Write("metrics.json", MetricsJson));
        var test = frame.Filter(frame["split"].ElementwiseEquals("test"));
        Assert.Equal(3, test.Rows.Count);
        var ours = test.Filter(test[ResultFrames.SourceColumn].ElementwiseEquals("ours"));
        Assert.Equal(["unet", "ridge"], Strings(ours["model"]));
        var mean = frame.GroupBy("model").Mean("r2");
        var byModel = Enumerable.Range(0, (int)mean.Rows.Count).ToDictionary(i => (string)mean["model"][i], i => Convert.ToDouble(mean["r2"][i], CultureInfo.InvariantCulture));
        Assert.Equal((0.8123 + 0.9 + 0.85) / 3, byModel["unet"], 12);
        Assert.Equal(0.187, byModel["ridge"], 12);
    }

    [Fact]
    public void Metrics_in_long_form_have_one_row_per_value()
    {
        var frame = ResultFrames.MetricsLong(Write("metrics.json", MetricsJson));
        Assert.Equal(["source", "model", "split", "metric", "value"], frame.Columns.Select(c => c.Name));
        Assert.Equal(7, frame.Rows.Count);  // 2 + 2 + 1 ours, 2 paper
        Assert.Equal(["r2", "rmse"], Strings(frame["metric"]).Take(2));
        Assert.Equal(new double?[] { 0.8123, 3.456, 0.9, null, 0.187, 0.85, 2.1 }, Doubles(frame["value"]));
    }

    [Fact]
    public void An_interval_beside_a_metric_becomes_one_column_per_key()
    {
        var frame = ResultFrames.Metrics(Write("metrics.json", """
            {"models": {"unet": {"test": {"r2": {"value": 0.8, "low": 0.75, "high": 0.84}, "rmse": 3.0}}}}
            """));
        Assert.Equal(["source", "model", "split", "r2.high", "r2.low", "r2.value", "rmse"], frame.Columns.Select(c => c.Name));
        Assert.Equal(new double?[] { 0.84 }, Doubles(frame["r2.high"]));
        Assert.Equal(new double?[] { 0.75 }, Doubles(frame["r2.low"]));
    }

    [Fact]
    public void A_metrics_file_of_another_shape_is_refused_naming_the_place()
    {
        var path = Write("metrics.json", """{"models": {"unet": {"test": 0.8}}}""");
        var e = Assert.Throws<InvalidDataException>(() => ResultFrames.Metrics(path));
        Assert.Contains($"{path}: \"models.unet.test\" should be an object of metric values", e.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => ResultFrames.Metrics(path + ".missing"));
    }

    [Fact]
    public void A_per_site_csv_types_each_column_from_all_its_values_and_keeps_doubles_exact()
    {
        // fold is text, site ids look numeric only in the first rows, nse has NaN and an empty field.
        var path = Write("site_scores.csv", """
            target,model,split,fold,site_id,region,latitude,longitude,nse,kge
            streamflow,stefaland,pub,pub-1,001,"north, upper",-3.1234,-60.5,0.1,0.2
            streamflow,lstm,pub,pub-1,002,south,-3.5,-61.25,NaN,0.3
            streamflow,lstm,pur,pur-1,A17,south,-4,-62,,-1.5

            """);
        var frame = ResultFrames.Csv(path);
        Assert.Equal(3, frame.Rows.Count);
        Assert.IsType<StringDataFrameColumn>(frame["site_id"]);  // "001", "002", then "A17": text, kept as written
        Assert.Equal(["001", "002", "A17"], Strings(frame["site_id"]));
        Assert.Equal("north, upper", frame["region"][0]);
        Assert.IsType<DoubleDataFrameColumn>(frame["latitude"]);
        Assert.Equal(new double?[] { -3.1234, -3.5, -4 }, Doubles(frame["latitude"]));
        Assert.Equal(0.1, (double)frame["nse"][0]);  // exactly the double 0.1, not a float's 0.100000001
        Assert.True(double.IsNaN((double)frame["nse"][1]));
        Assert.Null(frame["nse"][2]);
        Assert.Equal(new double?[] { 0.2, 0.3, -1.5 }, Doubles(frame["kge"]));
    }

    [Fact]
    public void The_packages_own_LoadCsv_reads_numbers_as_float_which_these_loaders_avoid()
    {
        var path = Write("values.csv", "value\n0.1\n0.8123\n");
        var package = DataFrame.LoadCsv(path);
        Assert.Equal(typeof(float), package["value"].DataType);  // the caveat of 0.23.1
        Assert.NotEqual(0.8123, Convert.ToDouble(package["value"][1], CultureInfo.InvariantCulture));
        var ours = ResultFrames.Csv(path);
        Assert.Equal(typeof(double), ours["value"].DataType);
        Assert.Equal(0.8123, (double)ours["value"][1]);
    }

    [Fact]
    public void A_per_bin_csv_gets_whole_counts_and_groups_by_model()
    {
        var path = Write("bias_by_bin.csv", """
            model,split,lower_m,upper_m,count,bias_m
            unet,test,0,5,120,0.5
            unet,test,5,10,80,-0.25
            ridge,test,0,5,120,2
            ridge,test,5,10,80,4

            """);
        var frame = ResultFrames.Csv(path);
        Assert.IsType<Int64DataFrameColumn>(frame["count"]);
        Assert.IsType<Int64DataFrameColumn>(frame["lower_m"]);
        Assert.IsType<DoubleDataFrameColumn>(frame["bias_m"]);
        var sums = frame.GroupBy("model").Sum("count");
        Assert.Equal(200L, Convert.ToInt64(sums["count"][0], CultureInfo.InvariantCulture));
        var ridge = frame.Filter(frame["model"].ElementwiseEquals("ridge"));
        Assert.Equal(new double?[] { 2, 4 }, Doubles(ridge["bias_m"]));
    }

    [Fact]
    public void A_trainer_history_json_loads_one_row_per_epoch()
    {
        var path = Write("history_unet.json", """
            {"Epochs":[{"Epoch":0,"TrainLoss":1.5,"ValidationLoss":1.25,"LearningRate":0.001,"Seconds":2.5,"Improved":true},
                       {"Epoch":1,"TrainLoss":0.75,"ValidationLoss":null,"LearningRate":0.0005,"Seconds":2.25,"Improved":false}],
             "BestLoss":1.25,"BestEpoch":0,"EpochsWithoutImprovement":1,"StopReason":"epochs"}
            """);
        var frame = ResultFrames.History(path);
        Assert.Equal(["Epoch", "TrainLoss", "ValidationLoss", "LearningRate", "Seconds", "Improved"], frame.Columns.Select(c => c.Name));
        Assert.IsType<Int64DataFrameColumn>(frame["Epoch"]);
        Assert.Equal(new double?[] { 1.5, 0.75 }, Doubles(frame["TrainLoss"]));
        Assert.Equal(new double?[] { 1.25, null }, Doubles(frame["ValidationLoss"]));
        Assert.IsType<BooleanDataFrameColumn>(frame["Improved"]);
        Assert.Equal(true, frame["Improved"][0]);
    }

    [Fact]
    public void A_history_as_csv_or_as_a_json_array_loads_the_same()
    {
        var csv = ResultFrames.History(Write("history.csv", "step,loss,date\n1,0.5,2024-01-31\n2,0.25,2024-02-01\n"));
        var json = ResultFrames.History(Write("history.json", """[{"step": 1, "loss": 0.5}, {"step": 2, "loss": 0.25}]"""));
        Assert.Equal(Doubles(csv["loss"]), Doubles(json["loss"]));
        Assert.Equal(new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc), csv["date"][1]);
        Assert.Throws<InvalidDataException>(() => ResultFrames.History(Write("bad.json", """{"loss": 0.5}""")));
    }

    [Fact]
    public void A_frame_saved_by_the_package_loads_back_with_the_same_doubles()
    {
        var frame = ResultFrames.Metrics(Write("metrics.json", MetricsJson));
        var path = Path.Combine(Tools.OutputFolder("frames-roundtrip"), "metrics.csv");
        DataFrame.SaveCsv(frame, path, cultureInfo: CultureInfo.InvariantCulture);  // full round-trip precision
        var again = ResultFrames.Csv(path);
        Assert.Equal(Doubles(frame["r2"]), Doubles(again["r2"]));
        Assert.Equal(Doubles(frame["rmse"]), Doubles(again["rmse"]));
    }

    [Fact]
    public void A_frame_becomes_a_table_with_missing_values_empty_and_a_caption_when_cut()
    {
        var frame = ResultFrames.Metrics(Write("metrics.json", MetricsJson));
        var table = frame.ToResultTable();
        Assert.Equal(["source", "model", "split", "r2", "rmse"], table.Columns);
        Assert.Equal("0.8123", table.FormatCell(0, 3));
        Assert.Equal(string.Empty, table.FormatCell(1, 4));
        Assert.Contains("<td class=\"num\">3.456</td>", table.ToHtml(), StringComparison.Ordinal);
        Assert.Null(table.Caption);
        var cut = frame.ToResultTable(maxRows: 2);
        Assert.Equal(2, cut.RowCount);
        Assert.Equal("the first 2 of 4 rows", cut.Caption);
        Assert.Contains("<caption>the first 2 of 4 rows</caption>", cut.ToHtml(), StringComparison.Ordinal);
    }

    private static string[] Strings(DataFrameColumn column) => Enumerable.Range(0, (int)column.Length).Select(i => (string?)column[i] ?? "<missing>").ToArray();

    private static double?[] Doubles(DataFrameColumn column) => Enumerable.Range(0, (int)column.Length).Select(i => (double?)column[i]).ToArray();
}
