package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.carbon.Forecast;
import dev.lepton.core.carbon.HourlyIntensity;
import dev.lepton.core.event.Event;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.WaitCause;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.server.limits.JobCounts;
import dev.lepton.server.limits.TenantLimits;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.TestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Carbon-aware deferral through the scheduler loop on simulated time, a real store and fake workers: a
 * job with slack ({@code spec.schedule}) waits, Deferred, for the lowest-carbon hour the forecast offers
 * within its window, and starts then, never later than its deadline allows.
 */
class CarbonDeferralScenarioTest {
    static final Instant T0 = FakeClock.START; // 2030-01-01T00:00:00Z
    /** gCO2e/kWh in the node's region, hour by hour from T0: cleanest at 03:00 within 8 h, cleaner still at 10:00. */
    static final double[] HOURLY = {390, 350, 300, 212, 250, 280, 320, 360, 380, 300, 100, 390};
    static final String REASON = "deferred to 03:00 UTC: 212 gCO2e/kWh forecast against 390 now";

    @TempDir
    Path dir;
    LoopScenario scenario;
    FakeClock clock;
    long seq;

    @BeforeEach
    void open() {
        scenario = new LoopScenario(dir);
        clock = scenario.clock;
    }

    @AfterEach
    void close() {
        scenario.close();
    }

    /** A perfect forecast of {@link #HOURLY} in every region. */
    static Forecast synthetic() {
        Map<Instant, Double> byHour = new TreeMap<>();
        for (int h = 0; h < HOURLY.length; h++) {
            byHour.put(T0.plus(Duration.ofHours(h)), HOURLY[h]);
        }
        return (region, now, from, to) -> {
            List<HourlyIntensity> hours = new ArrayList<>();
            byHour.forEach((hour, grams) -> {
                if (hour.plus(HourlyIntensity.HOUR).isAfter(from) && hour.isBefore(to)) {
                    hours.add(new HourlyIntensity(hour, grams));
                }
            });
            return hours;
        };
    }

    void startLoop(Forecast forecast) {
        startLoop(new SchedulerConfig(Duration.ofSeconds(5), "priority").withCarbonForecast(forecast));
    }

    void startLoop(SchedulerConfig config) {
        scenario.start(List.of(SchedulerLoopTest.NODE), QuotaTree.of(List.of(QueueSpec.unlimited("default")), List.of()), config);
    }

    TestJobs.Builder job(String name) {
        return TestJobs.training().name(name).cpu("1").seq(++seq);
    }

    Job stored(String name) {
        return scenario.stored(name);
    }

    void advanceTo(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
        scenario.wake();
    }

    List<String> launched() {
        return scenario.executor.launches().stream().map(l -> l.env().get("LEPTON_JOB")).toList();
    }

    List<Event> events(String name) {
        return scenario.store.read(tx -> tx.events().list("ml", "job/" + name, 0, 100));
    }

    @Test
    void a_job_with_eight_hours_of_slack_is_deferred_to_the_lowest_carbon_hour_and_starts_then_not_before() {
        startLoop(synthetic());

        scenario.submit(job("train").maxDelay(Duration.ofHours(1), Duration.ofHours(8)).build());

        scenario.awaitPhase("train", JobPhase.DEFERRED);
        Job deferred = stored("train");
        assertThat(deferred.status().notBefore()).contains(T0.plus(Duration.ofHours(3)));
        assertThat(deferred.status().message()).isEqualTo(REASON);
        assertThat(deferred.status().waitCause()).contains(WaitCause.DEFERRED);
        assertThat(events("train")).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("Deferred");
            assertThat(e.message()).isEqualTo("a later start has a lower carbon forecast → Deferred: " + REASON);
        });

        advanceTo(T0.plus(Duration.ofHours(3)).minusSeconds(1));
        await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> stored("train").phase() == JobPhase.DEFERRED);
        assertThat(launched()).as("not started before its chosen hour").isEmpty();

        advanceTo(T0.plus(Duration.ofHours(3)));
        scenario.awaitPhase("train", JobPhase.RUNNING);
        assertThat(launched()).containsExactly("train");
        assertThat(stored("train").status().startedAt()).contains(T0.plus(Duration.ofHours(3)));
        assertThat(events("train")).anySatisfy(e -> assertThat(e.type()).isEqualTo("Released"));
    }

    @Test
    void a_deadline_keeps_the_start_early_enough_to_end_by_it_even_when_a_cleaner_hour_comes_later() {
        startLoop(synthetic());

        // 10:00 is the cleanest hour, but a 2 h run must end by 08:00: its latest start is 06:00.
        scenario.submit(job("report").deadline(Duration.ofHours(2), T0.plus(Duration.ofHours(8))).build());

        scenario.awaitPhase("report", JobPhase.DEFERRED);
        Instant start = stored("report").status().notBefore().orElseThrow();
        assertThat(start).isEqualTo(T0.plus(Duration.ofHours(3))).isBeforeOrEqualTo(T0.plus(Duration.ofHours(6)));
        assertThat(stored("report").status().message()).startsWith("deferred to 03:00 UTC: 231 gCO2e/kWh forecast against 370 now");
    }

    @Test
    void a_deferred_job_stays_deferred_across_a_restart_and_starts_at_its_chosen_hour() {
        startLoop(synthetic());
        scenario.submit(job("train").maxDelay(Duration.ofHours(1), Duration.ofHours(8)).build());
        scenario.awaitPhase("train", JobPhase.DEFERRED);

        scenario.stopLoop();
        clock.advance(Duration.ofHours(1));
        startLoop(synthetic());

        await().atMost(5, TimeUnit.SECONDS).until(() -> scenario.jobs().size() == 1);
        await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> stored("train").phase() == JobPhase.DEFERRED);
        assertThat(stored("train").status().notBefore()).contains(T0.plus(Duration.ofHours(3)));
        assertThat(launched()).isEmpty();

        advanceTo(T0.plus(Duration.ofHours(3)));
        scenario.awaitPhase("train", JobPhase.RUNNING);
        assertThat(launched()).containsExactly("train");
    }

    @Test
    void a_job_stored_just_before_a_crash_is_decided_when_the_loop_comes_back() {
        // The submission committed, the loop never heard of it: it is queued with no decision, as the server admitted it.
        scenario.insert(job("train").maxDelay(Duration.ofHours(1), Duration.ofHours(8)).build());
        scenario.insert(job("now").build());
        clock.advance(Duration.ofMinutes(30));

        startLoop(synthetic());
        scenario.wake();

        scenario.awaitPhase("train", JobPhase.DEFERRED);
        assertThat(stored("train").status().notBefore()).contains(T0.plus(Duration.ofHours(3)));
        // Decided at 00:30: an hour from now averages 390 and 350.
        assertThat(stored("train").status().message()).isEqualTo("deferred to 03:00 UTC: 212 gCO2e/kWh forecast against 370 now");
        scenario.awaitPhase("now", JobPhase.RUNNING);
        assertThat(launched()).containsExactly("now");
    }

    @Test
    void a_deferred_job_is_cancelled_at_once_and_its_timer_goes_with_it() throws Exception {
        startLoop(synthetic());
        scenario.submit(job("train").maxDelay(Duration.ofHours(1), Duration.ofHours(8)).build());
        scenario.awaitPhase("train", JobPhase.DEFERRED);

        Job cancelled = scenarioLoop().cancel("ml", "train", "alice", "job.cancel").get(5, TimeUnit.SECONDS);

        assertThat(cancelled.phase()).isEqualTo(JobPhase.CANCELLED);
        assertThat(stored("train").phase()).isEqualTo(JobPhase.CANCELLED);
        assertThat(scenarioLoop().ask(LoopState::timers).get(5, TimeUnit.SECONDS)).isZero();
        advanceTo(T0.plus(Duration.ofHours(3)));
        await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> launched().isEmpty());
    }

    @Test
    void a_job_whose_forecast_is_empty_is_queued_at_once_and_says_so() {
        startLoop(SchedulerConfig.NO_FORECAST);

        scenario.submit(job("train").maxDelay(Duration.ofHours(1), Duration.ofHours(8)).build());

        scenario.awaitPhase("train", JobPhase.RUNNING);
        assertThat(launched()).containsExactly("train");
        assertThat(events("train")).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("NotDeferred");
            assertThat(e.message()).isEqualTo("not deferred → Queued: waiting in queue default (started now: no forecast for now in local)");
        });
    }

    @Test
    void a_job_without_a_schedule_is_never_deferred() {
        startLoop(synthetic());

        scenario.submit(job("plain").build());

        scenario.awaitPhase("plain", JobPhase.RUNNING);
        assertThat(events("plain")).noneSatisfy(e -> assertThat(e.type()).isIn("Deferred", "NotDeferred"));
    }

    @Test
    void deferred_jobs_count_against_the_submission_limits_until_they_end() throws Exception {
        startLoop(new SchedulerConfig(Duration.ofSeconds(5), "priority").withCarbonForecast(synthetic())
                .withLimits(TenantLimits.NONE.withSubmitted(1, 0)));
        Job first = job("first").maxDelay(Duration.ofHours(1), Duration.ofHours(8)).build();
        JobCounts counts = scenarioLoop().jobCounts();
        counts.submit(first.owner(), first.project(), 1, true, () -> scenario.submit(first), stored -> true);
        scenario.awaitPhase("first", JobPhase.DEFERRED);

        assertThatThrownBy(() -> counts.admit(first.owner(), first.project(), 1, true)).isInstanceOf(LeptonException.class)
                .hasMessageContaining("--max-submitted-jobs-per-user");

        scenarioLoop().cancel("ml", "first", "alice", "job.cancel").get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> counts.ofUser(first.owner()) == 0);
    }

    private SchedulerLoop scenarioLoop() {
        return scenario.loop();
    }
}
