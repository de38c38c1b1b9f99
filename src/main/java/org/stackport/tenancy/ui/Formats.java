package org.stackport.tenancy.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Formats() {
    }

    static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }
}
