/**
 * The embedded OpenStack: an HTTP server on its own loopback port that speaks the Keystone v3, Nova 2.1,
 * Neutron v2.0, Octavia v2, Cinder v3 and Glance v2 routes the adapter uses, with state per resource,
 * asynchronous transitions driven by a clock, quotas, the services' own error bodies, fault injection,
 * a request journal and inventory tools (see shared/openstack-simulator.md).
 * {@link org.stackport.simulator.OpenStackSimulator} is the Java API for tests.
 */
package org.stackport.simulator;
