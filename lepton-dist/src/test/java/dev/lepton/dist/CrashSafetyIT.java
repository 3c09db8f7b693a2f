package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server at random moments while 200 jobs are submitted and run, then a
 * restart: every acknowledged job exists once, succeeds, and its command ran exactly once.
 */
@Tag("disruptive")
class CrashSafetyIT {
    static final int JOBS = 200;
    static final int SUBMITTERS = 8;

    @TempDir
    Path home;
    @TempDir
    Path runs;

    @Test
    void nothing_acknowledged_is_lost_or_run_twice_across_kill_minus_9() throws Exception {
        ServerProcess server = new ServerProcess(home).start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Random random = new Random(42);
        try (ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (int s = 0; s < SUBMITTERS; s++) {
                int submitter = s;
                work.add(submitters.submit(() -> submit(server, submitter, acknowledged)));
            }
            for (int kill = 0; kill < 4; kill++) {
                Thread.sleep(800 + random.nextInt(1_500));
                server.kill();
                server.start();
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        Thread.sleep(300);
        server.kill();
        server.start();

        var client = server.client();
        List<String> notSucceeded = new ArrayList<>();
        for (String name : acknowledged) {
            ApiJob job = client.waitForJob("default", name, Duration.ofSeconds(120));
            if (!job.status().phase().equals("Succeeded")) {
                notSucceeded.add(name + ": " + job.status().phase() + " " + job.status().message());
            }
        }
        List<ApiJob> listed = client.jobs(Optional.empty(), Optional.empty(), 1_000, Optional.empty()).items();
        Map<String, Long> copies = listed.stream().collect(Collectors.groupingBy(j -> j.metadata().name(), Collectors.counting()));
        Map<String, Long> executions = Files.readAllLines(runs.resolve("runs")).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        server.close();

        assertThat(acknowledged).hasSize(JOBS);
        assertThat(notSucceeded).as("acknowledged jobs that did not succeed").isEmpty();
        assertThat(copies.keySet()).containsAll(acknowledged);
        assertThat(copies.values()).as("no job listed twice").containsOnly(1L);
        assertThat(acknowledged).allSatisfy(name -> assertThat(executions.get(name)).as("runs of " + name).isEqualTo(1L));
    }

    /** Submits this submitter's share; a refused or cut-off request is retried with the same idempotency key. */
    private void submit(ServerProcess server, int submitter, Set<String> acknowledged) {
        for (int i = submitter; i < JOBS; i += SUBMITTERS) {
            String name = "c" + i;
            ApiJob job = ApiJob.of(ObjectMeta.named(name, null), new ApiJobSpec(
                    List.of("sh", "-c", "sleep 0.3; echo $LEPTON_JOB >> " + runs.resolve("runs")), null, null,
                    new ApiResources("100m", "16MiB", null), null, null, null, null, null, null, null, null)
                    // A sandboxed worker sees a host directory only as its absolute working directory.
                    .withWorkingDir(runs.toString()));
            while (true) {
                try {
                    server.client().createJob(job, false, Optional.of("submit-" + name));
                    acknowledged.add(name);
                    break;
                } catch (ApiException e) {
                    throw e;
                } catch (RuntimeException serverDown) {
                    sleep(100);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
