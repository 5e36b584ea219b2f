using EarthEmbed.Experiments.StefaLand;

namespace EarthEmbed.Tests.Experiments.StefaLand;

public class StaticTasksTests
{
    [Fact]
    public void The_F1_threshold_is_the_cut_that_maximises_F1_on_hand_worked_scores()
    {
        // Sorted scores 0.9 (+), 0.8 (-), 0.7 (+), 0.2 (-): cutting after 1, 2, 3, 4 gives F1 2/3, 1/2, 4/5, 2/3;
        // the best cut lies between 0.7 and 0.2.
        var threshold = StaticTasks.BestF1Threshold([0.8f, 0.2f, 0.9f, 0.7f], [false, false, true, true]);
        Assert.Equal(0.45, threshold, 6);
    }

    [Fact]
    public void Without_positives_the_threshold_stays_at_one_half() =>
        Assert.Equal(0.5, StaticTasks.BestF1Threshold([0.1f, 0.7f], [false, false]));

    [Fact]
    public void Features_are_z_scored_with_the_training_moments_and_a_constant_feature_keeps_scale_one()
    {
        var (train, test) = StaticTasks.Standardise([1, 10, 3, 10], [5, 12], 2);
        Assert.Equal([-1f, 0f, 1f, 0f], train);
        Assert.Equal([3f, 2f], test);
    }
}
