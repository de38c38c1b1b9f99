package org.stackport.security;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.stackport.shared.StackportProperties;

/**
 * Slows down password guessing without letting anybody lock the owner out. Failures are counted per user name
 * <em>and</em> address: after {@code maxFailures} in a row that name is refused from that address for a while, but
 * the owner signing in from elsewhere still gets in. An address failing {@code maxFailuresPerAddress} times over any
 * names (spraying) is refused for as long. Names are counted whether or not a user has them, so the answers never
 * tell which users exist.
 *
 * <p>Kept in memory and bounded (the least recently seen entries are dropped first): a restart forgets the counts,
 * which only gives a guesser a few more tries, and a flood of made-up names cannot grow it without bound.
 */
@Component
public class LoginThrottle {

    static final int MAX_ENTRIES = 20_000;

    private final StackportProperties.Login settings;
    private final Clock clock;
    private final Map<String, Count> counts = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    LoginThrottle(StackportProperties properties, Clock clock) {
        this.settings = properties.login();
        this.clock = clock;
    }

    /** Whether a sign-in of this name from this address is refused before its password is even looked at. */
    public synchronized boolean refuses(String username, String address) {
        Instant now = clock.instant();
        return lockedAt(nameKey(username, address), now) || lockedAt(addressKey(address), now);
    }

    /**
     * Counts a failed sign-in; answers when the name (from this address) is locked from now on, or null when
     * this failure did not start a lock.
     */
    public synchronized Instant failed(String username, String address) {
        Instant now = clock.instant();
        Instant until = now.plus(settings.lockDuration());
        boolean addressLocked = count(addressKey(address), now, settings.maxFailuresPerAddress(), until);
        boolean nameLocked = count(nameKey(username, address), now, settings.maxFailures(), until);
        return nameLocked || addressLocked ? until : null;
    }

    /** A right password from this address: the name's count there starts again. */
    public synchronized void succeeded(String username, String address) {
        counts.remove(nameKey(username, address));
    }

    /** Entries kept now (bounded by {@link #MAX_ENTRIES}). */
    synchronized int size() {
        return counts.size();
    }

    private boolean lockedAt(String key, Instant now) {
        Count c = counts.get(key);
        return c != null && c.lockedUntil != null && c.lockedUntil.isAfter(now);
    }

    /** True when this failure reaches the limit and starts a lock. */
    private boolean count(String key, Instant now, int limit, Instant until) {
        Count c = counts.computeIfAbsent(key, k -> new Count());
        if (c.lockedUntil != null && !c.lockedUntil.isAfter(now)) {
            c.failures = 0;
            c.lockedUntil = null;
        }
        c.failures++;
        if (c.failures >= limit && c.lockedUntil == null) {
            c.lockedUntil = until;
            return true;
        }
        return false;
    }

    private static String nameKey(String username, String address) {
        return "name:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT)) + "@" + address;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static final class Count {
        int failures;
        Instant lockedUntil;
    }
}
