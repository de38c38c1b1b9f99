/**
 * The provisioning engine: brings OpenStack to a cluster's spec and takes it away again, as short Quartz passes per
 * cluster over a persisted step journal and resource ledger (shared/provisioning.md). A pass never waits on the
 * cloud: every wait is a "poll at" time and a rescheduled job; every create is preceded by its intent in the ledger,
 * every retry adopts what a lost answer left, and every delete is confirmed by a read that finds nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Provisioning")
package org.stackport.provisioning;
