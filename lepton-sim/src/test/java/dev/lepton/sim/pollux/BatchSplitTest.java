package dev.lepton.sim.pollux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §3.1 of SIMULATOR-MODEL.md: how a tuned total batch is split over GPUs, micro-batches and accumulation. */
class BatchSplitTest {
    private static final AppProfile BERT = TestProfiles.app("bert", 4, 12, 12, 24, 48, 96, 192, 384);
    private static final AppProfile NCF = TestProfiles.app("ncf", 32, 32768, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
    private static final AppProfile YOLO = TestProfiles.app("yolov3", 4, 8, 8, 16, 32, 64, 128, 256, 512);
    private static final AppProfile CIFAR = TestProfiles.app("cifar10", 32, 1024, 128, 256, 512, 1024, 2048, 4096);
    private static final AppProfile IMAGENET = TestProfiles.app("imagenet", 20, 200, 200, 400, 800, 1600, 3200, 6400, 12800);

    @Test
    void bertOnSixGpusAccumulatesFiveTimesAndIsCappedToThreeHundredSixty() {
        BatchSplit split = BatchSplit.of(BERT, 6, 384);

        assertThat(split).isEqualTo(new BatchSplit(6, 10, 5));
        assertThat(split.total()).isEqualTo(360);
    }

    @Test
    void bertOnEightAndTwelveGpus() {
        assertThat(BatchSplit.of(BERT, 8, 384)).isEqualTo(new BatchSplit(8, 12, 3));
        assertThat(BatchSplit.of(BERT, 12, 384).total()).isEqualTo(360);
        assertThat(BatchSplit.of(BERT, 16, 384)).isEqualTo(new BatchSplit(16, 12, 1));
    }

    @Test
    void aSingleGpuWithMoreThanTheInitialBatchAlwaysRunsTwoMicroBatches() {
        assertThat(BatchSplit.of(NCF, 1, 32768)).isEqualTo(new BatchSplit(1, 16384, 1));
        assertThat(BatchSplit.of(NCF, 1, 256)).isEqualTo(new BatchSplit(1, 256, 0));
    }

    @Test
    void optimusPredictionForcesAccumulationOnOneGpuWhateverTheBatch() {
        assertThat(BatchSplit.of(NCF, 1, 256, true)).isEqualTo(new BatchSplit(1, 128, 1));
    }

    @Test
    void yoloUsesItsOverriddenMaxLocalBatchOfEight() {
        assertThat(BatchSplit.of(YOLO, 4, 64)).isEqualTo(new BatchSplit(4, 8, 1));
    }

    @Test
    void roundingUpTheLocalBatchCanExceedTheRequestedTotal() {
        assertThat(BatchSplit.of(CIFAR, 6, 2048).total()).isEqualTo(2052);
        assertThat(BatchSplit.of(CIFAR, 12, 4096)).isEqualTo(new BatchSplit(12, 341, 0));
        assertThat(BatchSplit.of(IMAGENET, 48, 6400).total()).isEqualTo(6432);
        assertThat(BatchSplit.of(IMAGENET, 24, 3200)).isEqualTo(new BatchSplit(24, 134, 0));
    }
}
