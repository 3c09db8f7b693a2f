package dev.lepton.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.execution.ContainerImages;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.JobSpec;
import dev.lepton.testing.FakeExecutor;
import dev.lepton.testing.TestJobs;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a job must say of its container image depends on whether the server's executor runs images. */
class WorkerImagesTest {
    private static final JobSpec ON_HOSTS = TestJobs.training().build().spec();
    private static final JobSpec IN_IMAGE = TestJobs.training().image("python:3.12-slim").build().spec();

    @Test
    void an_executor_that_runs_images_requires_one_and_the_others_refuse_one() {
        // Only the capability counts: an executor that has it and does nothing else.
        Executor runsImages = (Executor) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Executor.class, ContainerImages.class}, (proxy, method, args) -> null);

        assertThat(WorkerImages.of(runsImages)).isEqualTo(WorkerImages.REQUIRED);
        assertThat(WorkerImages.of(new FakeExecutor())).isEqualTo(WorkerImages.HOST);
    }

    @Test
    void on_hosts_a_job_without_an_image_passes_and_one_with_an_image_is_refused_saying_where_it_would_run() {
        assertThatCode(() -> WorkerImages.HOST.check(ON_HOSTS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> WorkerImages.HOST.check(IN_IMAGE)).isInstanceOf(LeptonException.class)
                .hasMessage("spec.image: this server's executor runs commands on its nodes' hosts, not container images; "
                        + "leave spec.image out, or submit to a server started with --executor kubernetes")
                .extracting(e -> ((LeptonException) e).code()).isEqualTo(ErrorCode.INVALID_SPEC);
    }

    @Test
    void in_images_a_job_must_name_one_and_ship_no_code_and_start_in_an_absolute_directory() {
        assertThatCode(() -> WorkerImages.REQUIRED.check(IN_IMAGE)).doesNotThrowAnyException();
        assertThatThrownBy(() -> WorkerImages.REQUIRED.check(ON_HOSTS)).hasMessageStartingWith("spec.image: required on the kubernetes executor");
        JobSpec shipped = new JobSpec(IN_IMAGE.command(), IN_IMAGE.env(), IN_IMAGE.resources(), IN_IMAGE.constraints(), 1, "default", 0,
                IN_IMAGE.preemption(), IN_IMAGE.retry(), Optional.empty(), IN_IMAGE.labels(), Optional.of("a".repeat(64)), Optional.of("src"),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), IN_IMAGE.image());
        assertThatThrownBy(() -> WorkerImages.REQUIRED.check(shipped))
                .hasMessageContaining("spec.code: the kubernetes executor cannot ship code into a container")
                .hasMessageContaining("spec.workingDir: must be an absolute path in the image on the kubernetes executor (got 'src')");
    }
}
