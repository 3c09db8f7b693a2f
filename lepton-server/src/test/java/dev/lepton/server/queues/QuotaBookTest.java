package dev.lepton.server.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The quotas in force never go back to an older reading, whatever order reloads finish in. */
class QuotaBookTest {
    @Test
    void a_reload_that_read_earlier_but_finished_later_does_not_replace_the_newer_tree() throws Exception {
        CountDownLatch newerInstalled = new CountDownLatch(1);
        CountDownLatch olderRead = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        QuotaBook book = new QuotaBook(() -> switch (reads.getAndIncrement()) {
            case 0 -> tree();                            // the start
            case 1 -> {                                  // the first reload reads before the queue exists …
                olderRead.countDown();
                await(newerInstalled);                   // … and is slow to finish
                yield tree();
            }
            default -> tree(QueueSpec.unlimited("vision"));
        });

        CompletableFuture<Void> slow = CompletableFuture.runAsync(book::reload);
        await(olderRead);
        book.reload();
        newerInstalled.countDown();
        slow.get(10, TimeUnit.SECONDS);

        assertThat(book.tree().queues()).containsKey("vision");
    }

    private static QuotaTree tree(QueueSpec... queues) {
        return QuotaTree.of(List.of(queues), List.of());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
