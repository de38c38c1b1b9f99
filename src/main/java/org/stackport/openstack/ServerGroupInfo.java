package org.stackport.openstack;

import java.util.List;

/** A Nova server group: a placement policy (anti-affinity, affinity, soft-anti-affinity) and its member servers. */
public record ServerGroupInfo(String id, String name, String policy, List<String> memberIds) {

    public ServerGroupInfo {
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }
}
