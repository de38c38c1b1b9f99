package org.stackport.tenancy;

/** A key just created: {@code key} is shown this once and stored only as a hash. */
public record NewApiKey(long id, String name, String key) {
    @Override
    public String toString() {
        return "NewApiKey[id=" + id + ", name=" + name + ", key=********]";
    }
}
