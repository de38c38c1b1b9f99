package org.stackport.provisioning;

import org.springframework.stereotype.Component;
import org.stackport.openstack.CloudSessions;
import org.stackport.openstack.ComputeApi;
import org.stackport.openstack.ImageApi;
import org.stackport.openstack.LoadBalancerApi;
import org.stackport.openstack.NetworkApi;

/** The adapter's services the engine calls; {@code sessions} also says how to reach the account's cloud (its gateway). */
@Component
record Apis(ComputeApi compute, NetworkApi network, LoadBalancerApi loadBalancers, ImageApi images, CloudSessions sessions) {
}
