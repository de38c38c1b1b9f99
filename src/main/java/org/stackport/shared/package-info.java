/**
 * Small things every module uses: error types that the console and the REST API both
 * translate (validation with per-field messages, not found, conflict), name rules and the clock.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.stackport.shared;
