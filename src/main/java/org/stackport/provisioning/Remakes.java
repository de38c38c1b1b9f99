package org.stackport.provisioning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A load balancer in ERROR does not heal (provisioning.md §4): it is deleted with everything on it, and once a read
 * finds it gone, it and the steps under it are made again, at most {@link Deploy#LOAD_BALANCER_REMAKES} times.
 */
final class Remakes {

    private Remakes() {
    }

    static Outcome loadBalancer(Ctx x, ProvisioningEngine engine, String why) {
        int remakes = engine.attempts(x.id(), "lb");
        if (remakes >= Deploy.LOAD_BALANCER_REMAKES) {
            return new Outcome.Fail(why + " again after it was made anew " + remakes + " time(s). Check the cloud's "
                    + "load-balancing service (Octavia) with its operator, then delete this cluster and deploy again.");
        }
        String id = x.idOf("lb");
        x.record("lb", id, org.stackport.provisioning.internal.Ledger.DELETING, x.row("lb").detail());
        if (!x.apis.loadBalancers().deleteLoadBalancer(x.cloud, id)) {
            return new Outcome.Wait(Duration.ofSeconds(2), why + "; deleting it to make it again");
        }
        List<String> keys = new ArrayList<>(List.of("lb", "fip", "lb-active", "listener", "pool", "monitor"));
        x.rows().keySet().stream().filter(k -> k.startsWith("member/")).sorted().forEach(keys::add);
        for (String key : keys) {
            if (x.row(key) != null && !"fip".equals(key)) {
                x.forget(key);
            }
        }
        engine.resetSteps(x.id(), keys, why + "; deleted it, making it again");
        return new Outcome.Wait(Duration.ZERO, why + "; deleted it, making it again");
    }
}
