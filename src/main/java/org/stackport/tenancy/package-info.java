/**
 * Tenancy and access: the tenant, its projects and users, project roles, API keys and the audit trail.
 * {@link org.stackport.tenancy.ProjectAccess} is how other modules check a caller's role for a project.
 */
package org.stackport.tenancy;
