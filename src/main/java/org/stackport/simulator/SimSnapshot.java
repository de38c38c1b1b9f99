package org.stackport.simulator;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The inventory at one moment, to compare with a later one. */
public record SimSnapshot(List<SimResource> resources) {

    /** What exists now but did not then (created), and what existed then but not now (deleted). */
    public record Diff(List<SimResource> created, List<SimResource> deleted) {
        public boolean isEmpty() {
            return created.isEmpty() && deleted.isEmpty();
        }
    }

    public Diff diff(SimSnapshot later) {
        Set<String> before = resources.stream().map(r -> r.kind() + "/" + r.id()).collect(Collectors.toSet());
        Set<String> after = later.resources.stream().map(r -> r.kind() + "/" + r.id()).collect(Collectors.toSet());
        return new Diff(later.resources.stream().filter(r -> !before.contains(r.kind() + "/" + r.id())).toList(),
                resources.stream().filter(r -> !after.contains(r.kind() + "/" + r.id())).toList());
    }
}
