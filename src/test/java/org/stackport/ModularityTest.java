package org.stackport;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The arrows between modules stay as style.md draws them (internal packages stay internal). */
class ModularityTest {

    @Test
    void modules_only_use_each_others_public_api() {
        ApplicationModules.of(StackportApplication.class).verify();
    }
}
