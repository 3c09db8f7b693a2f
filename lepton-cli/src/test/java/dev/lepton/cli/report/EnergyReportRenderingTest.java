package dev.lepton.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiEnergyReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code lepton report carbon|cost} print: the figure they name first and sorted by, then the total and what no workload carried. */
class EnergyReportRenderingTest {
    private static final ApiEnergyReport REPORT = new ApiEnergyReport("project", Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2026-12-02T00:00:00Z"), List.of(
                    new ApiEnergyReport.Row("ml", new ApiEnergy(3.6e6, 1, 150, 2.5, "modelled")),
                    new ApiEnergyReport.Row("web", new ApiEnergy(7.2e6, 2, 300, 0.5, "measured"))),
            new ApiEnergy(1.08e7, 3, 450, 3, "modelled"), new ApiEnergy(3.6e5, 0.1, 15, 1.25, "modelled"));

    @Test
    void carbon_leads_with_grams_and_puts_the_heaviest_project_first() {
        assertThat(new EnergyReportCommand.Carbon().text(REPORT)).isEqualTo("""
                gco2e from 2026-12-01T00:00:00Z to 2026-12-02T00:00:00Z, by project

                PROJECT         GCO2E   KWH   DOLLARS   ENERGY
                web             300     2     0.5       measured
                ml              150     1     2.5       modelled
                (total)         450     3     3         modelled
                (no workload)   15      0.1   1.25      modelled
                """);
    }

    @Test
    void cost_sorts_by_dollars_and_its_csv_has_the_same_rows() {
        assertThat(new EnergyReportCommand.Cost().table(REPORT).csv()).isEqualTo("""
                project,dollars,kwh,gco2e,energy
                ml,2.5,1,150,modelled
                web,0.5,2,300,measured
                (total),3,3,450,modelled
                (no workload),1.25,0.1,15,modelled
                """);
    }
}
