package dev.lepton.sim.pollux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.sim.pollux.StepTimeModel.PlacementPoint;
import dev.lepton.sim.pollux.StepTimeModel.ScalingPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §3.3: step times from measured placements, and the plane-by-plane fallback for five nodes or more. */
class StepTimeModelTest {
    private static final StepTimeModel MODEL = StepTimeModel.of(
            List.of(new PlacementPoint("1", 50, new StepTime(1.0, 0.0)),
                    new PlacementPoint("1", 100, new StepTime(2.0, 0.0)),
                    new PlacementPoint("234", 50, new StepTime(5.0, 1.0)),
                    new PlacementPoint("243", 50, new StepTime(7.0, 1.0)),
                    new PlacementPoint("4444", 50, new StepTime(4.0, 2.0)),
                    new PlacementPoint("4444", 100, new StepTime(6.0, 2.0))),
            List.of(new ScalingPoint(8, 32, 50, new StepTime(8.0, 4.0)),
                    new ScalingPoint(8, 32, 100, new StepTime(10.0, 4.0)),
                    new ScalingPoint(8, 16, 50, new StepTime(2.0, 1.0))));

    @Test
    void placementKeyIsTheSmallestCyclicRotationNotTheSortedTuple() {
        assertThat(PlacementKey.of(List.of(4, 2))).isEqualTo("24");
        assertThat(PlacementKey.of(List.of(4, 2, 3))).isEqualTo("234");
        assertThat(PlacementKey.of(List.of(4, 3, 2))).isEqualTo("243");
        assertThat(PlacementKey.of(List.of(2, 0, 4))).isEqualTo("24");
        assertThat(PlacementKey.of(List.of(4, 4, 4, 4))).isEqualTo("4444");
    }

    @Test
    void aMeasuredPlacementIsInterpolatedOverLocalBatchAndClampedOutside() {
        assertThat(MODEL.at(List.of(1), 75).step()).isCloseTo(1.5, within(1e-12));
        assertThat(MODEL.at(List.of(1), 400).step()).isEqualTo(2.0);
        assertThat(MODEL.at(List.of(1), 10).step()).isEqualTo(1.0);
    }

    @Test
    void rotationsOfAPlacementShareAnIdButOrderMatters() {
        assertThat(MODEL.at(List.of(3, 4, 2), 50).step()).isEqualTo(5.0);
        assertThat(MODEL.at(List.of(2, 4, 3), 50).step()).isEqualTo(7.0);
    }

    @Test
    void sixNodesInterpolateBetweenTheFourAndEightNodePlanesAtTheSameGpusPerNode() {
        // 24 GPUs on 6 nodes: 4 per node, i.e. 16 replicas at 4 nodes and 32 at 8, halfway between.
        StepTime t = MODEL.at(List.of(4, 4, 4, 4, 4, 4), 75);

        assertThat(t.step()).isCloseTo((5.0 + 9.0) / 2, within(1e-12));
        assertThat(t.sync()).isCloseTo((2.0 + 4.0) / 2, within(1e-12));
    }

    @Test
    void withinAPlaneReplicasAreInterpolatedAndClampedToTheMeasuredRange() {
        // 8 nodes, 24 replicas: halfway between 16 (2.0) and 32 (8.0) at local batch 50
        assertThat(MODEL.at(List.of(3, 3, 3, 3, 3, 3, 3, 3), 50).step()).isCloseTo(5.0, within(1e-12));
        // 8 nodes, 8 replicas: below the plane's range, clamped to 16 replicas
        assertThat(MODEL.at(List.of(1, 1, 1, 1, 1, 1, 1, 1), 50).step()).isEqualTo(2.0);
    }

    @Test
    void moreNodesThanTheLargestPlaneEvaluateAtThatPlane() {
        // 10 nodes of 4 on an 8-node-max table: n' = 8 and 40/8 = 5 per node, so 40 replicas, clamped to the 32 measured
        assertThat(MODEL.at(List.of(4, 4, 4, 4, 4, 4, 4, 4, 4, 4), 50).step()).isEqualTo(8.0);
    }

    @Test
    void anOptimizerStepPaysTheComputePartForEveryExtraMicroBatch() {
        assertThat(new StepTime(2.5, 1.5).perOptimizerStep(3)).isCloseTo(2.5 + 3 * 1.0, within(1e-12));
    }
}
