package dev.lepton.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PlaceTreeTest {
    @Test
    void finds_the_first_job_a_reservation_lets_start_past_those_it_rules_out() {
        PlaceTree tree = new PlaceTree(6);
        tree.put(0, 8, 100);    // too many GPUs
        tree.put(1, 2, 9_000);  // more than the spare GPUs, and runs past the reservation
        tree.put(2, 1, 50);     // ends before the reservation
        tree.put(4, 1, 9_000);  // fits in the spare GPUs

        assertThat(tree.next(0, 4, 0, 60)).isEqualTo(2);
        assertThat(tree.next(3, 4, 0, 60)).isEqualTo(-1);
        assertThat(tree.next(3, 4, 1, 60)).isEqualTo(4);
        tree.clear(2);
        assertThat(tree.next(0, 4, 0, 60)).isEqualTo(-1);
        assertThat(tree.next(0, Integer.MAX_VALUE, Integer.MAX_VALUE, Double.POSITIVE_INFINITY)).isEqualTo(0);
    }

    @Test
    void agrees_with_a_look_at_every_place_on_random_queues() {
        Random random = new Random(5);
        int places = 300;
        for (int round = 0; round < 200; round++) {
            PlaceTree tree = new PlaceTree(places);
            int[] gpus = new int[places];
            double[] seconds = new double[places];
            boolean[] waiting = new boolean[places];
            for (int p = 0; p < places; p++) {
                if (random.nextInt(3) > 0) {
                    waiting[p] = true;
                    gpus[p] = random.nextInt(9);
                    seconds[p] = random.nextInt(10_000);
                    tree.put(p, gpus[p], seconds[p]);
                }
            }
            int hopeless = 1 + random.nextInt(9);
            int spare = random.nextInt(4);
            double within = random.nextInt(10_000);
            for (int from = 0; from <= places; from += 1 + random.nextInt(20)) {
                int expected = -1;
                for (int p = from; p < places && expected < 0; p++) {
                    if (waiting[p] && gpus[p] < hopeless && (gpus[p] <= spare || seconds[p] <= within)) {
                        expected = p;
                    }
                }
                assertThat(tree.next(from, hopeless, spare, within)).as("round %d from %d", round, from).isEqualTo(expected);
            }
        }
    }
}
