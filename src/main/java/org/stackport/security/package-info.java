/**
 * Who is calling: form login for the console, the {@code ApiKey} header for the REST API,
 * login throttling, the current user, and encryption of secrets at rest.
 * User data itself lives in the tenancy module, which implements {@link org.stackport.security.AccountDirectory}.
 */
package org.stackport.security;
