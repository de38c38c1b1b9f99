package org.stackport.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpSessionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

class ConsoleSessionsTest {

    final ConsoleSessions sessions = new ConsoleSessions(Duration.ofMinutes(3), Duration.ofMinutes(30), 3);
    final MockServletContext servletContext = new MockServletContext();

    MockHttpSession open() {
        MockHttpSession s = new MockHttpSession(servletContext);
        sessions.sessionCreated(new HttpSessionEvent(s));
        return s;
    }

    @Test
    void a_new_session_is_short_lived_and_anonymous_ones_beyond_the_cap_end_oldest_first() throws Exception {
        List<MockHttpSession> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(open());
            Thread.sleep(2);
        }
        assertThat(opened.getLast().getMaxInactiveInterval()).isEqualTo(180);
        assertThat(sessions.anonymousCount()).isEqualTo(3);
        assertThat(opened.get(0).isInvalid()).isTrue();
        assertThat(opened.get(1).isInvalid()).isTrue();
        assertThat(opened.get(4).isInvalid()).isFalse();
    }

    @Test
    void a_users_sessions_can_be_ended_and_others_stay() {
        MockHttpSession alice = open();
        MockHttpSession bob = open();
        signIn(alice, "alice");
        signIn(bob, "bob");
        assertThat(sessions.endOtherSessionsOf("alice")).isEqualTo(1);
        assertThat(alice.isInvalid()).isTrue();
        assertThat(bob.isInvalid()).isFalse();
        assertThat(sessions.count()).isEqualTo(1);
    }

    private static void signIn(MockHttpSession session, String user) {
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of())));
    }
}
