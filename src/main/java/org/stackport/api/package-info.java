/**
 * The REST API ({@code /api/v1}, see shared/api.md): thin controllers that map JSON to service calls,
 * and the translation of service errors to RFC 9457 problem details.
 */
package org.stackport.api;
