using EarthEmbed.Metrics;

namespace EarthEmbed.Tests.Metrics;

// label [T,T,T,F,F,F,F,T] vs predicted [T,T,F,T,F,F,F,F]: TP = 2, FN = 2, FP = 1, TN = 3 (n = 8).
public class ClassificationMetricsTests
{
    private static readonly bool[] Label = [true, true, true, false, false, false, false, true];
    private static readonly bool[] Predicted = [true, true, false, true, false, false, false, false];

    [Fact]
    public void The_confusion_matrix_counts_each_outcome() =>
        Assert.Equal(new Confusion(2, 1, 2, 3), Confusion.Count(Label, Predicted));

    [Fact]
    public void Precision_recall_F1_and_IoU_follow_from_the_counts()
    {
        var c = Confusion.Count(Label, Predicted);
        Assert.Equal(2.0 / 3, c.Precision, 12);
        Assert.Equal(0.5, c.Recall, 12);
        Assert.Equal(4.0 / 7, c.F1, 12);
        Assert.Equal(2.0 / 5, c.IoU, 12);
        Assert.Equal(5.0 / 8, c.OverallAccuracy, 12);
    }

    [Fact]
    public void Kappa_discounts_the_agreement_expected_by_chance()
    {
        // p_o = 5/8; p_e = (3·4 + 5·4) / 64 = 1/2; κ = (0.625 - 0.5) / 0.5 = 0.25
        Assert.Equal(0.25, Confusion.Count(Label, Predicted).Kappa, 12);
    }

    [Fact]
    public void Invalid_positions_are_not_counted()
    {
        var valid = Enumerable.Repeat(true, 8).ToArray();
        valid[3] = false;  // the only false positive
        Assert.Equal(new Confusion(2, 0, 2, 3), Confusion.Count(Label, Predicted, valid));
    }

    [Fact]
    public void Empty_classes_give_NaN_not_a_division_error() =>
        Assert.True(double.IsNaN(Confusion.Count([false, false], [false, false]).Precision));

    [Fact]
    public void Roc_auc_is_the_probability_a_positive_outranks_a_negative()
    {
        // positives 0.9, 0.7; negatives 0.8, 0.1: 3 of the 4 pairs are ordered correctly
        Assert.Equal(0.75, Classification.RocAuc([true, false, true, false], [0.9, 0.8, 0.7, 0.1]), 12);
        Assert.Equal(0.5, Classification.RocAuc([true, false], [0.5, 0.5]), 12);
    }
}
