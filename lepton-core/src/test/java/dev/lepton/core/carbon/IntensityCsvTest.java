package dev.lepton.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Electricity Maps exports (both headers) and Let's Wait Awhile files; the gap rule; bad input named by file and line. */
class IntensityCsvTest {
    static final String OLD_HEADER = "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),"
            + "Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,Data Estimated,"
            + "Data Estimation Method\n";
    static final String NEW_HEADER = "Datetime (UTC),Country,Zone name,Zone id,Carbon intensity gCO₂eq/kWh (direct),"
            + "Carbon intensity gCO₂eq/kWh (Life cycle),Carbon-free energy percentage (CFE%),Renewable energy percentage (RE%),"
            + "Data source,Data estimated,Data estimation method\n";
    static final Instant MIDNIGHT = Instant.parse("2022-01-01T00:00:00Z");

    static String row(String time, String direct, String lifecycle) {
        return time + ",Spain,Spain,ES," + direct + "," + lifecycle + ",76.35,42.94,entsoe.eu,false,\n";
    }

    @Test
    void the_older_export_header_is_read_by_column_name_taking_the_life_cycle_column_by_default() {
        IntensitySeries series = IntensityCsv.parse("ES_2022_hourly.csv", OLD_HEADER
                + row("2022-01-01 00:00:00", "133.64", "175.54") + row("2022-01-01 01:00:00", "139.1", "181.54"), EmissionFactor.LIFECYCLE);

        assertThat(series.zone()).isEqualTo("ES");
        assertThat(series.origin()).isEqualTo("electricitymaps-csv:ES_2022_hourly.csv");
        assertThat(series.start()).isEqualTo(MIDNIGHT);
        assertThat(series.hours()).isEqualTo(2);
        assertThat(series.at(MIDNIGHT)).hasValue(175.54);
        assertThat(series.at(MIDNIGHT.plusSeconds(3600))).hasValue(181.54);
        assertThat(series.filledHours()).isZero();
    }

    @Test
    void the_newer_export_header_is_read_too_and_the_direct_column_on_request() {
        String text = NEW_HEADER + row("2024-03-01 00:00:00", "120.5", "160.25") + row("2024-03-01 01:00:00", "110", "150");

        IntensitySeries lifecycle = IntensityCsv.parse("ES_2024.csv", text, EmissionFactor.LIFECYCLE);
        IntensitySeries direct = IntensityCsv.parse("ES_2024.csv", text, EmissionFactor.DIRECT);

        assertThat(lifecycle.at(Instant.parse("2024-03-01T00:30:00Z"))).hasValue(160.25);
        assertThat(direct.at(Instant.parse("2024-03-01T01:59:59Z"))).hasValue(110.0);
        assertThat(direct.zone()).isEqualTo("ES");
    }

    @Test
    void columns_are_found_by_name_in_any_order_with_iso_timestamps_quotes_and_a_byte_order_mark() {
        String text = "\uFEFFZone Id,Carbon Intensity gCO₂eq/kWh (LCA),\"Zone Name\",Datetime (UTC)\n"
                + "US-CAL-CISO,274.07,\"California, Independent\",2022-01-01T00:00:00.000Z\n"
                + "US-CAL-CISO,270,\"California, Independent\",2022-01-01T01:00:00+00:00\n";

        IntensitySeries series = IntensityCsv.parse("cal.csv", text, EmissionFactor.LIFECYCLE);

        assertThat(series.zone()).isEqualTo("US-CAL-CISO");
        assertThat(series.at(MIDNIGHT)).hasValue(274.07);
        assertThat(series.at(MIDNIGHT.plusSeconds(3600))).hasValue(270.0);
    }

    @Test
    void a_lets_wait_awhile_file_averages_its_quarter_hours_into_hours_and_is_named_after_the_file() {
        String text = "Time,Carbon Intensity\n2020-01-01 00:00:00,100\n2020-01-01 00:15:00,200\n2020-01-01 00:30:00,300\n"
                + "2020-01-01 00:45:00,400\n2020-01-01 01:00:00,50\n";

        IntensitySeries series = IntensityCsv.parse("ger_ci.csv", text, EmissionFactor.LIFECYCLE);

        assertThat(series.zone()).isEqualTo("ger_ci");
        assertThat(series.origin()).isEqualTo("lets-wait-awhile-csv:ger_ci.csv");
        assertThat(series.at(Instant.parse("2020-01-01T00:10:00Z"))).hasValue(250.0);
        assertThat(series.at(Instant.parse("2020-01-01T01:00:00Z"))).hasValue(50.0);
        assertThatThrownBy(() -> IntensityCsv.parse("ger_ci.csv", text, EmissionFactor.DIRECT))
                .hasMessageStartingWith("ger_ci.csv line 1: unknown header: no direct");
    }

    @Test
    void missing_hours_and_empty_values_between_known_hours_are_interpolated_linearly_and_counted() {
        // 00:00 = 100, 01:00 empty, 02:00 missing, 03:00 = 160: the two between are 120 and 140.
        String text = OLD_HEADER + row("2022-01-01 00:00:00", "1", "100") + row("2022-01-01 01:00:00", "1", "")
                + row("2022-01-01 03:00:00", "1", "160");

        IntensitySeries series = IntensityCsv.parse("gaps.csv", text, EmissionFactor.LIFECYCLE);

        assertThat(series.hours()).isEqualTo(4);
        assertThat(series.at(MIDNIGHT.plusSeconds(3600)).getAsDouble()).isCloseTo(120.0, offset(1e-9));
        assertThat(series.at(MIDNIGHT.plusSeconds(7200)).getAsDouble()).isCloseTo(140.0, offset(1e-9));
        assertThat(series.filledHours()).isEqualTo(2);
        assertThat(series.isFilled(MIDNIGHT.plusSeconds(3600))).isTrue();
        assertThat(series.isFilled(MIDNIGHT.plusSeconds(3 * 3600))).isFalse();
    }

    @Test
    void empty_values_at_either_end_are_not_made_up_the_series_covers_the_hours_with_values() {
        String text = OLD_HEADER + row("2022-01-01 00:00:00", "", "") + row("2022-01-01 01:00:00", "1", "100")
                + row("2022-01-01 02:00:00", "1", "110") + row("2022-01-01 03:00:00", "", "");

        IntensitySeries series = IntensityCsv.parse("ends.csv", text, EmissionFactor.LIFECYCLE);

        assertThat(series.start()).isEqualTo(MIDNIGHT.plusSeconds(3600));
        assertThat(series.end()).isEqualTo(MIDNIGHT.plusSeconds(3 * 3600));
        assertThat(series.at(MIDNIGHT)).isEmpty();
        assertThat(series.at(MIDNIGHT.plusSeconds(3 * 3600))).isEmpty();
        assertThat(series.filledHours()).isZero();
    }

    @Test
    void an_unknown_header_is_refused_naming_the_file_and_line_one() {
        assertRefused("Datetime,Intensity\n2022-01-01 00:00:00,3\n", "bad.csv line 1: unknown header: no 'Datetime (UTC)'");
        assertRefused("Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)\n", "bad.csv line 1: unknown header: no life-cycle");
        assertRefused("", "bad.csv line 1: empty file");
    }

    @Test
    void a_header_read_in_the_wrong_encoding_is_refused_with_a_hint() {
        String latin1 = OLD_HEADER.replace("₂", "â‚‚");
        assertRefused(latin1 + row("2022-01-01 00:00:00", "1", "2"), "read the file as UTF-8");
    }

    @Test
    void bad_rows_are_refused_naming_the_file_and_the_line() {
        String first = row("2022-01-01 00:00:00", "1", "100");
        assertRefused(OLD_HEADER + first + row("2022-01-01 01:00:00", "1", "-3"), "bad.csv line 3: carbon intensity must be a finite number");
        assertRefused(OLD_HEADER + first + row("2022-01-01 01:00:00", "1", "12,5"), "bad.csv line 3: expected 11 cells");
        assertRefused(OLD_HEADER + first + row("2022-01-01 01:00:00", "1", "twelve"), "bad.csv line 3: unparseable carbon intensity 'twelve'");
        assertRefused(OLD_HEADER + first + row("2022-01-01 01:00:00", "1", "NaN"), "bad.csv line 3: carbon intensity must be a finite number");
        assertRefused(OLD_HEADER + first + row("01/01/2022 01:00", "1", "100"), "bad.csv line 3: unparseable timestamp '01/01/2022 01:00'");
        assertRefused(OLD_HEADER + first + first, "bad.csv line 3: timestamp 2022-01-01 00:00:00 is duplicated");
        assertRefused(OLD_HEADER + row("2022-01-01 05:00:00", "1", "1") + row("2022-01-01 06:00:00", "1", "1") + first,
                "bad.csv line 4: timestamp 2022-01-01 00:00:00 is out of order");
        assertRefused(OLD_HEADER + first + row("2022-01-01 01:00:00", "1", "100").replace(",ES,", ",FR,"),
                "bad.csv line 3: zone FR differs from the file's zone ES");
        assertRefused(OLD_HEADER + row("2022-01-01 00:00:00", "1", ""), "bad.csv line 1: no carbon intensity values");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> IntensityCsv.parse("bad.csv", text, EmissionFactor.LIFECYCLE))
                .isInstanceOf(LeptonException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((LeptonException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
