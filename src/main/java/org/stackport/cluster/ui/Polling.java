package org.stackport.cluster.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;

/**
 * Asks the browser for a round trip every {@link #INTERVAL_MS} while its view wants one (a cluster still moving),
 * and runs the view's refresh on each; the answer carries the changes back without a reload. It stops when the view
 * says so or leaves the page, so a page of clusters at rest costs nothing.
 */
final class Polling {

    static final int INTERVAL_MS = 2000;

    private final Component owner;
    private Registration listener;
    private boolean wanted;

    Polling(Component owner, Runnable tick) {
        this.owner = owner;
        owner.addAttachListener(e -> {
            listener = e.getUI().addPollListener(p -> tick.run());
            apply(e.getUI());
        });
        owner.addDetachListener(e -> {
            if (listener != null) {
                listener.remove();
                listener = null;
            }
            e.getUI().setPollInterval(-1);
        });
    }

    void want(boolean on) {
        wanted = on;
        owner.getUI().ifPresent(this::apply);
    }

    boolean wanted() {
        return wanted;
    }

    private void apply(UI ui) {
        ui.setPollInterval(wanted ? INTERVAL_MS : -1);
    }
}
