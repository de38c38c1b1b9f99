package org.stackport.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The console's HTTP sessions. A session starts short-lived (a visitor who only fetched the sign-in page, or a
 * script that never comes back, costs a few minutes of memory, and there are at most {@code maxAnonymous} of them:
 * the oldest go first); it gets the configured lifetime once its user signs in. Sessions of a user can be ended,
 * e.g. when the password changes.
 */
@Component
public class ConsoleSessions implements HttpSessionListener, HttpSessionIdListener {

    private final Map<String, HttpSession> live = new ConcurrentHashMap<>();
    private final Map<String, Boolean> signedIn = new ConcurrentHashMap<>();
    private final int anonymousSeconds;
    private final int signedInSeconds;
    private final int maxAnonymous;

    ConsoleSessions(@Value("${stackport.sessions.anonymous-timeout:3m}") Duration anonymousTimeout,
                    @Value("${server.servlet.session.timeout:30m}") Duration signedInTimeout,
                    @Value("${stackport.sessions.max-anonymous:2000}") int maxAnonymous) {
        this.anonymousSeconds = (int) anonymousTimeout.toSeconds();
        this.signedInSeconds = (int) signedInTimeout.toSeconds();
        this.maxAnonymous = maxAnonymous;
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        HttpSession session = event.getSession();
        session.setMaxInactiveInterval(anonymousSeconds);
        live.put(session.getId(), session);
        if (live.size() - signedIn.size() > maxAnonymous) {
            dropOldestAnonymous();
        }
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        forget(event.getSession().getId());
    }

    /** Sign-in changes the session's id (against session fixation): follow it. */
    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        HttpSession session = event.getSession();
        live.remove(oldSessionId);
        live.put(session.getId(), session);
        if (signedIn.remove(oldSessionId) != null) {
            signedIn.put(session.getId(), Boolean.TRUE);
        }
    }

    /** After a sign-in (the session id has changed by then): the full lifetime. */
    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpSession session = attributes.getRequest().getSession(false);
            if (session != null) {
                session.setMaxInactiveInterval(signedInSeconds);
                live.put(session.getId(), session);
                signedIn.put(session.getId(), Boolean.TRUE);
            }
        }
    }

    /** Ends every console session of the user except the one making this request; answers how many ended. */
    public int endOtherSessionsOf(String username) {
        String current = currentSessionId();
        int ended = 0;
        for (HttpSession session : List.copyOf(live.values())) {
            if (session.getId().equals(current) || !username.equals(userOf(session))) {
                continue;
            }
            try {
                session.invalidate();
                ended++;
            } catch (IllegalStateException alreadyGone) {
                // ended meanwhile
            }
            forget(session.getId());
        }
        return ended;
    }

    /** Sessions alive now, and how many of them have no signed-in user. */
    public int count() {
        return live.size();
    }

    public int anonymousCount() {
        return live.size() - signedIn.size();
    }

    /** Seconds of inactivity after which this session ends, or -1 when there is no such session. */
    public int lifetimeOf(String sessionId) {
        HttpSession session = live.get(sessionId);
        try {
            return session == null ? -1 : session.getMaxInactiveInterval();
        } catch (IllegalStateException gone) {
            return -1;
        }
    }

    private void dropOldestAnonymous() {
        List<HttpSession> anonymous = new ArrayList<>();
        for (HttpSession s : live.values()) {
            if (!signedIn.containsKey(s.getId())) {
                anonymous.add(s);
            }
        }
        int excess = anonymous.size() - maxAnonymous;
        anonymous.sort(Comparator.comparingLong(ConsoleSessions::createdOrZero));
        for (int i = 0; i < excess && i < anonymous.size(); i++) {
            HttpSession s = anonymous.get(i);
            forget(s.getId());
            try {
                s.invalidate();
            } catch (IllegalStateException alreadyGone) {
                // ended meanwhile
            }
        }
    }

    private void forget(String id) {
        live.remove(id);
        signedIn.remove(id);
    }

    private static long createdOrZero(HttpSession s) {
        try {
            return s.getCreationTime();
        } catch (IllegalStateException gone) {
            return 0;
        }
    }

    private static String userOf(HttpSession session) {
        try {
            Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            Authentication authentication = context instanceof SecurityContext c ? c.getAuthentication() : null;
            return authentication == null ? null : authentication.getName();
        } catch (IllegalStateException gone) {
            return null;
        }
    }

    private static String currentSessionId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            HttpSession session = request.getSession(false);
            return session == null ? null : session.getId();
        }
        return null;
    }
}
