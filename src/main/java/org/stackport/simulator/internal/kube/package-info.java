/**
 * The simulated machines: servers' cloud-init user data read on ACTIVE, kubeadm init and join played out, and
 * each resulting cluster's Kubernetes API served over TLS on the floating IPs that lead to it
 * ({@link org.stackport.simulator.internal.kube.KubeMachines} is the entry point). Knows nothing of Stackport:
 * only what cloud-init, kubeadm and the cloud's own objects say.
 */
package org.stackport.simulator.internal.kube;
