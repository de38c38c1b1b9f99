/**
 * Bootstrap material for a new cluster: Stackport is the cluster's certificate authority (provisioning.md §6).
 * {@link org.stackport.provisioning.bootstrap.ClusterPki} generates the three kubeadm CAs and the service-account
 * key pair once, at cluster creation, and signs client certificates later; {@link
 * org.stackport.provisioning.bootstrap.BootstrapToken} is the short-lived join token; {@link
 * org.stackport.provisioning.bootstrap.CloudInit} renders the {@code #cloud-config} user data that lets kubeadm
 * init or join a node without Stackport ever logging in to it.
 *
 * <p>Everything here is pure computation: no Spring beans, no I/O, no database. Storing the material (encrypted)
 * and handing user data to Nova is the provisioning engine's work.
 *
 * <p>User data is not a secret channel: whoever may read the server through the compute API (and any process on
 * the node that can reach the metadata service) can read it, so control-plane user data exposes the CA keys to
 * them (the same trade-off Cluster API documents in kubernetes-sigs/cluster-api#1739). Worker user data therefore
 * never carries a key, only the bootstrap token and the CA's public-key hash.
 */
package org.stackport.provisioning.bootstrap;
