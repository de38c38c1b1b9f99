package org.stackport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The simulator command's load-balancer durations (shorter ones for measurements) are checked before it starts. */
class SimulatorCommandTest {

    @Test
    void a_load_balancer_duration_must_be_a_duration_longer_than_zero() {
        CliRun words = CliRun.of("", "simulator", "--port", "0", "--load-balancer-update", "soon");
        assertThat(words.exit()).as(words.toString()).isEqualTo(2);
        assertThat(words.err()).isEqualTo("--load-balancer-update takes a duration such as 1s or 500ms, not 'soon'."
                + System.lineSeparator());
        CliRun zero = CliRun.of("", "simulator", "--port", "0", "--load-balancer-create", "0s");
        assertThat(zero.exit()).as(zero.toString()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("--load-balancer-create must be longer than zero (transitions stay asynchronous)."
                + System.lineSeparator());
    }
}
