package dev.lepton.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.AttemptId;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PodNamesTest {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

    @Test
    void a_lepton_job_uid_is_used_whole_in_names_and_labels() {
        AttemptId attempt = new AttemptId("0b5c3c9e-6a3f-4a1e-9d7e-1c2b3a4d5e6f", 12, 1023);

        assertThat(PodNames.pod(attempt)).isEqualTo("lepton-0b5c3c9e-6a3f-4a1e-9d7e-1c2b3a4d5e6f-12-1023").matches(DNS_LABEL);
        assertThat(PodNames.service(attempt.jobUid(), 12)).isEqualTo("lepton-0b5c3c9e-6a3f-4a1e-9d7e-1c2b3a4d5e6f-12");
        assertThat(PodNames.labelValue(attempt.jobUid())).isEqualTo(attempt.jobUid());
    }

    @Test
    void a_uid_too_long_or_not_lowercase_is_cut_and_hashed_so_that_names_stay_dns_labels_and_distinct() {
        AttemptId longUid = new AttemptId("contract-" + "0b5c3c9e-6a3f-4a1e-9d7e-1c2b3a4d5e6f" + "-and-more", 2147483647, 1023);
        AttemptId upper = new AttemptId("ABC", 1, 0);
        AttemptId lower = new AttemptId("abc", 1, 0);

        assertThat(PodNames.pod(longUid)).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).endsWith("-2147483647-1023");
        assertThat(PodNames.service(longUid.jobUid(), longUid.epoch())).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL);
        assertThat(PodNames.pod(upper)).matches(DNS_LABEL).isNotEqualTo(PodNames.pod(lower));
        assertThat(PodNames.pod(longUid)).isEqualTo(PodNames.pod(longUid));
    }

    @Test
    void a_uid_that_is_no_label_value_becomes_one() {
        String tooLong = "x".repeat(80);

        assertThat(PodNames.labelValue(tooLong)).matches(LABEL_VALUE).startsWith("job-");
        assertThat(PodNames.labelValue("-leading-dash")).matches(LABEL_VALUE);
        assertThat(PodNames.labelValue("Mixed-Case-1")).isEqualTo("Mixed-Case-1");
    }
}
