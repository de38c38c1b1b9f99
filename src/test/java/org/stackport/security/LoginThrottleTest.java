package org.stackport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.stackport.shared.StackportProperties;

class LoginThrottleTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T12:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final LoginThrottle throttle = new LoginThrottle(new StackportProperties(null, null, null,
            new StackportProperties.Login(5, Duration.ofMinutes(5), 20), null, null), clock);

    @Test
    void a_name_is_locked_at_one_address_after_five_failures_and_free_again_when_the_lock_ends() {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("alice", "10.0.0.1")).isNull();
        }
        assertThat(throttle.failed("alice", "10.0.0.1")).isEqualTo(now.get().plus(Duration.ofMinutes(5)));
        assertThat(throttle.refuses("alice", "10.0.0.1")).isTrue();
        assertThat(throttle.refuses("Alice", "10.0.0.1")).as("names compare without case").isTrue();
        assertThat(throttle.refuses("alice", "10.0.0.2")).as("the owner elsewhere").isFalse();
        now.set(now.get().plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(throttle.refuses("alice", "10.0.0.1")).isFalse();
        assertThat(throttle.failed("alice", "10.0.0.1")).as("counting starts again").isNull();
    }

    @Test
    void a_success_resets_the_names_count_at_that_address() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("bob", "10.0.0.1");
        }
        throttle.succeeded("bob", "10.0.0.1");
        assertThat(throttle.failed("bob", "10.0.0.1")).isNull();
        assertThat(throttle.refuses("bob", "10.0.0.1")).isFalse();
    }

    @Test
    void an_address_spraying_many_names_is_locked_for_every_name() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThat(throttle.refuses("someone-else", "10.0.0.9")).isFalse();
        assertThat(throttle.failed("user19", "10.0.0.9")).isNotNull();
        assertThat(throttle.refuses("someone-else", "10.0.0.9")).isTrue();
        assertThat(throttle.refuses("someone-else", "10.0.0.8")).isFalse();
    }

    @Test
    void made_up_names_cannot_grow_the_memory_without_bound() {
        for (int i = 0; i < LoginThrottle.MAX_ENTRIES * 2; i++) {
            throttle.failed("name-" + i, "10.1." + (i % 250) + "." + (i / 250 % 250));
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(LoginThrottle.MAX_ENTRIES);
    }
}
