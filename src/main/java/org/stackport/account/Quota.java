package org.stackport.account;

import java.util.List;

/**
 * What the account's project has used of its cloud quota, per resource, read live. A {@code limit} of -1 is
 * unlimited; {@code unavailable} says why a figure could not be read (e.g. the cloud refused the read).
 */
public record Quota(List<Item> items) {

    public record Item(String resource, String label, String unit, long used, long limit, String unavailable) {

        /** Share of the limit in use, 0..1, or -1 when there is no limit or no figure. */
        public double usedShare() {
            return unavailable != null || limit <= 0 ? (limit == 0 && unavailable == null ? 1 : -1)
                    : Math.min(1.0, (double) used / limit);
        }
    }
}
