package org.stackport.provisioning;

import org.springframework.stereotype.Component;
import org.stackport.openstack.ComputeApi;
import org.stackport.openstack.ImageApi;
import org.stackport.openstack.LoadBalancerApi;
import org.stackport.openstack.NetworkApi;

/** The adapter's services the engine calls. */
@Component
record Apis(ComputeApi compute, NetworkApi network, LoadBalancerApi loadBalancers, ImageApi images) {
}
