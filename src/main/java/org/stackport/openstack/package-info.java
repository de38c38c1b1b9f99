/**
 * The OpenStack adapter: the only code that imports openstack4j. It authenticates once per cloud account
 * and reuses the token on any thread, turns every cloud failure into a {@link org.stackport.openstack.CloudFailure}
 * with a kind, the cloud's own message and request id, and exposes small records of our own.
 * It knows openstack4j's traps (see shared/openstack-simulator.md §1): unexpected nulls are errors,
 * deletes are confirmed by reading until gone, region is always set, user data goes base64.
 */
package org.stackport.openstack;
