package org.stackport.api;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only: an endpoint that fails in a way no handler expects (component-scanned into every test context, so the
 * tests that use it share the one application context the other full-application tests use).
 */
@RestController
class FailingEndpoint {

    @GetMapping("/api/v1/test-only/failure")
    String fail() {
        throw new IllegalStateException("forced failure for the test");
    }
}
