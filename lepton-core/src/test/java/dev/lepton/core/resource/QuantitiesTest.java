package dev.lepton.core.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {
    private static final long KiB = 1L << 10;
    private static final long MiB = 1L << 20;
    private static final long GiB = 1L << 30;

    @Nested
    class Cpu {
        @ParameterizedTest(name = "{0} is {1} millicores")
        @CsvSource({"2, 2000", "0.5, 500", "500m, 500", "0.125, 125", "1.5, 1500", "16, 16000", "'  4  ', 4000", "0, 0", "2500m, 2500"})
        void cores_and_millicores_are_read_as_millicores(String text, long millis) {
            assertThat(Quantities.parseCpu(text)).isEqualTo(millis);
        }

        @ParameterizedTest(name = "''{0}'' is refused")
        @ValueSource(strings = {"", "abc", "-1", "2 cores", "0.0005", "1e3", "2M", ".5", "1,5"})
        void anything_else_is_refused_with_the_accepted_forms(String text) {
            assertThatThrownBy(() -> Quantities.parseCpu(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("500m");
        }

        @Test
        void millicores_are_whole_numbers() {
            assertThatThrownBy(() -> Quantities.parseCpu("1.5m")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("millicores are whole numbers (500m)");
        }

        @ParameterizedTest(name = "{0} millicores print as {1}")
        @CsvSource({"2000, 2", "500, 500m", "1500, 1500m", "0, 0"})
        void whole_cores_print_as_cores_and_the_rest_as_millicores(long millis, String text) {
            assertThat(Quantities.formatCpu(millis)).isEqualTo(text);
            assertThat(Quantities.parseCpu(text)).isEqualTo(millis);
        }
    }

    @Nested
    class Bytes {
        @ParameterizedTest(name = "{0} is {1} bytes")
        @CsvSource({
                "512MiB, 536870912",
                "2GiB, 2147483648",
                "80GB, 80000000000",
                "1TB, 1000000000000",
                "1KiB, 1024",
                "1KB, 1000",
                "1.5Gi, 1610612736",
                "1.5GiB, 1610612736",
                "1Ti, 1099511627776",
                "1024, 1024",
                "0, 0",
                "1B, 1",
                "'4 GiB', 4294967296"})
        void binary_and_decimal_units_and_plain_bytes_are_read(String text, long bytes) {
            assertThat(Quantities.parseBytes(text)).isEqualTo(bytes);
        }

        @Test
        void a_bare_unit_letter_counts_in_powers_of_1024() {
            // As in Kubernetes: only units with an i are binary; G alone is 10^9.
            assertThat(Quantities.parseBytes("1G")).isEqualTo(1_000_000_000L);
            assertThat(Quantities.parseBytes("1K")).isEqualTo(1_000L);
            assertThat(Quantities.parseBytes("500m")).isEqualTo(500_000_000L);
        }

        @Test
        void units_are_read_in_any_case_and_fractions_round_up_to_a_whole_byte() {
            assertThat(Quantities.parseBytes("1gb")).isEqualTo(1_000_000_000L);
            assertThat(Quantities.parseBytes("2gib")).isEqualTo(2 * GiB);
            assertThat(Quantities.parseBytes("1.5")).isEqualTo(2);
            assertThat(Quantities.parseBytes("0.1B")).isEqualTo(1);
        }

        @ParameterizedTest(name = "''{0}'' is refused")
        @ValueSource(strings = {"", "GiB", "-1", "-1GiB", "1e3", "1XB", "1iB", "1 G B", "1GiBs", "lots"})
        void anything_else_is_refused_with_examples_of_sizes(String text) {
            assertThatThrownBy(() -> Quantities.parseBytes(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("512MiB");
        }

        @ParameterizedTest(name = "{0} bytes print as {1}")
        @CsvSource({"0, 0B", "1000, 1000B", "1024, 1KiB", "1536, 1.5KiB", "536870912, 512MiB", "2147483648, 2GiB",
                "1610612736, 1.5GiB", "80000000000, 74.5GiB"})
        void sizes_print_in_the_largest_binary_unit_with_at_most_one_decimal(long bytes, String text) {
            assertThat(Quantities.formatBytes(bytes)).isEqualTo(text);
        }

        @ParameterizedTest(name = "{0} bytes survive a round trip")
        @ValueSource(longs = {0, 1, 1000, 1024, 1536, 536870912, 2147483648L, 1610612736, 3L << 40})
        void sizes_that_print_exactly_read_back_to_the_same_bytes(long bytes) {
            assertThat(Quantities.parseBytes(Quantities.formatBytes(bytes))).isEqualTo(bytes);
        }
    }

    @Nested
    class Durations {
        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({"30s, PT30S", "5m, PT5M", "2h, PT2H", "1h30m, PT1H30M", "250ms, PT0.25S", "1m30s, PT1M30S",
                "2d, PT48H", "0s, PT0S", "' 45s ', PT45S", "1h0m5s, PT1H5S"})
        void durations_are_read_from_their_parts(String text, Duration expected) {
            assertThat(Quantities.parseDuration(text)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "''{0}'' is refused")
        @ValueSource(strings = {"", "   ", "abc", "30", "1h30", "5 s", "-5s", "1.5h", "5S", "1h 30m", "1w", "PT5M"})
        void anything_else_is_refused_with_examples(String text) {
            assertThatThrownBy(() -> Quantities.parseDuration(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1h30m");
        }

        @Test
        void parts_may_repeat_and_come_in_any_order() {
            // Lenient, perhaps more than intended: the parts are summed as they come.
            assertThat(Quantities.parseDuration("5s5s")).isEqualTo(Duration.ofSeconds(10));
            assertThat(Quantities.parseDuration("30m1h")).isEqualTo(Duration.ofMinutes(90));
        }

        @ParameterizedTest(name = "{0} prints as {1}")
        @CsvSource({"PT0S, 0s", "PT0.25S, 250ms", "PT1.5S, 1500ms", "PT30S, 30s", "PT5M, 5m", "PT1M30S, 1m30s",
                "PT1H30M, 1h30m", "PT1H, 1h", "PT1H0M1S, 1h1s", "PT48H, 48h"})
        void durations_print_in_hours_minutes_and_seconds_or_milliseconds_under_a_minute(Duration d, String text) {
            assertThat(Quantities.formatDuration(d)).isEqualTo(text);
        }

        @ParameterizedTest(name = "{0} survives a round trip")
        @ValueSource(strings = {"PT0S", "PT0.001S", "PT0.25S", "PT59.999S", "PT1M", "PT1M30S", "PT1H30M", "PT25H1M1S"})
        void whole_seconds_and_sub_minute_milliseconds_read_back_the_same(String iso) {
            Duration d = Duration.parse(iso);

            assertThat(Quantities.parseDuration(Quantities.formatDuration(d))).isEqualTo(d);
        }

        // Was a bug (Quantities.formatDuration): from one minute up, the millisecond part is dropped, so
        // 61.5s prints "1m1s" and reads back as 61s. JobMapper shows a stored retry backoff or
        // maxDuration of 61500ms as "1m1s". Fix: when d.toMillisPart() != 0 and s >= 60, append
        // the part: out.append(d.toMillisPart()).append("ms") ("1m1s500ms", which parseDuration reads).
        @Test
        void durations_over_a_minute_keep_their_milliseconds() {
            Duration d = Duration.ofMillis(61_500);

            assertThat(Quantities.parseDuration(Quantities.formatDuration(d))).isEqualTo(d);
        }
    }

        // Was a bug (Quantities.parseCpu/parseBytes/parseDuration): a number too large for a long escapes as
    // ArithmeticException (BigDecimal.longValueExact, Duration.ofHours) rather than the documented
    // IllegalArgumentException, so JobMapper.parse (which catches IllegalArgumentException) lets it
    // through and a job spec with "memory: 99999999PiB" becomes a 500, not a 400. Numbers too long
    // for Long.parseLong give NumberFormatException ("For input string: ..."), an IllegalArgumentException
    // but without the promised message. Fix: in each parser, catch ArithmeticException |
    // NumberFormatException and throw new IllegalArgumentException("too large; ..." + accepted forms, e).
    @ParameterizedTest(name = "''{0}'' is refused as too large")
    @ValueSource(strings = {"cpu:99999999999999999999", "bytes:99999999PiB", "duration:9223372036854775807h"})
    void quantities_too_large_are_refused_as_bad_input(String kindAndText) {
        String kind = kindAndText.substring(0, kindAndText.indexOf(':'));
        String text = kindAndText.substring(kindAndText.indexOf(':') + 1);

        assertThatThrownBy(() -> {
            switch (kind) {
                case "cpu" -> Quantities.parseCpu(text);
                case "bytes" -> Quantities.parseBytes(text);
                default -> Quantities.parseDuration(text);
            }
        }).isInstanceOf(IllegalArgumentException.class);
    }
}
