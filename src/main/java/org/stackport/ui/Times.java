package org.stackport.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times as people read them: local time of the browser with its zone ("2026-11-29 18:41:09 CET"), not
 * raw ISO. The browser's zone is learnt once per session ({@link #learnZone(UI)}, called by the shell);
 * until it is known, the server's zone is used and still named.
 */
public final class Times {

    private static final String ZONE_ATTRIBUTE = Times.class.getName() + ".zone";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private Times() {
    }

    /** Date and time to the second with the zone; {@code ifNull} when there is none. */
    public static String format(Instant at, String ifNull) {
        return at == null ? ifNull : SECONDS.withZone(zone()).format(at);
    }

    /** Date and time to the minute with the zone, for lists; {@code —} when there is none. */
    public static String minutes(Instant at) {
        return at == null ? "—" : MINUTES.withZone(zone()).format(at);
    }

    /** The zone times are shown in for this session. */
    public static ZoneId zone() {
        VaadinSession session = VaadinSession.getCurrent();
        Object zone = session == null ? null : session.getAttribute(ZONE_ATTRIBUTE);
        return zone instanceof ZoneId z ? z : ZoneId.systemDefault();
    }

    /** Asks the browser for its time zone and keeps it for the session. */
    public static void learnZone(UI ui) {
        VaadinSession session = ui.getSession();
        if (session == null || session.getAttribute(ZONE_ATTRIBUTE) != null) {
            return;
        }
        ui.getPage().retrieveExtendedClientDetails(details -> {
            try {
                session.setAttribute(ZONE_ATTRIBUTE, ZoneId.of(details.getTimeZoneId()));
            } catch (DateTimeException | NullPointerException e) {
                session.setAttribute(ZONE_ATTRIBUTE, ZoneId.systemDefault());
            }
        });
    }
}
