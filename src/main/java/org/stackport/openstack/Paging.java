package org.stackport.openstack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks a list that the cloud pages by {@code limit} and {@code marker} (Nova, Cinder, Glance). openstack4j
 * returns only the first page and drops the "next" link, so without this a long list silently loses its tail.
 */
final class Paging {

    private Paging() {
    }

    /**
     * Every item: asks for pages of {@code pageSize} with the given filters, each after the previous page's last
     * item, until a page comes back short.
     */
    static <T> List<T> all(int pageSize, Map<String, String> filters, Function<Map<String, String>, List<? extends T>> fetch,
                           Function<T, String> idOf) {
        List<T> all = new ArrayList<>();
        Set<String> markers = new HashSet<>();
        String marker = null;
        while (true) {
            Map<String, String> params = new LinkedHashMap<>(filters);
            params.put("limit", String.valueOf(pageSize));
            if (marker != null) {
                params.put("marker", marker);
            }
            List<? extends T> page = fetch.apply(params);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            marker = idOf.apply(page.getLast());
            if (!markers.add(marker)) {
                return all; // a cloud that repeats a page would otherwise keep us here forever
            }
        }
    }
}
