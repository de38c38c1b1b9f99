package org.stackport.cluster.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.theme.lumo.LumoUtility;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.security.access.AccessDeniedException;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterService;
import org.stackport.shared.ConflictException;
import org.stackport.shared.NotFoundException;
import org.stackport.ui.Notifications;

/**
 * What may be done to the cluster in its state (the seed): abort while it is being provisioned, delete once it is
 * Running or Failed, force delete while a delete has not finished, opening 15 minutes after it began. Hidden for
 * viewers as a convenience; the service decides.
 */
class ClusterActions extends Div {

    final Button abort = new Button("Abort", VaadinIcon.STOP.create());
    final Button delete = new Button("Delete", VaadinIcon.TRASH.create());
    final Button forceDelete = new Button("Force delete", VaadinIcon.WARNING.create());
    /** A kubeconfig signed for this download; the service refuses viewers and clusters not Running. */
    final Anchor kubeconfig;
    private final ClusterService clusters;
    private final String project;
    private final String name;
    private final boolean mayChange;
    private final Runnable changed;
    private ClusterDetails shown;

    ClusterActions(ClusterService clusters, String project, String name, boolean mayChange, Runnable changed) {
        this.clusters = clusters;
        this.project = project;
        this.name = name;
        this.mayChange = mayChange;
        this.changed = changed;
        addClassNames(LumoUtility.Display.FLEX, LumoUtility.Gap.SMALL, LumoUtility.FlexWrap.WRAP);
        abort.setId("cluster-abort");
        abort.addThemeVariants(ButtonVariant.LUMO_ERROR);
        abort.addClickListener(e -> confirmAbort());
        delete.setId("cluster-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(e -> new DeleteClusterDialog(name, project, claims -> act(() -> clusters.delete(project, name, claims),
                "Deleting cluster " + name + ": its cloud resources are being removed.")).open());
        forceDelete.setId("cluster-force-delete");
        forceDelete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        forceDelete.addClickListener(e -> new ForceDeleteDialog(name, project,
                shown == null ? java.util.List.of() : shown.resources(), this::forced).open());
        kubeconfig = new Anchor(DownloadHandler.fromInputStream(event -> {
            byte[] text = clusters.kubeconfig(project, name).getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(text), name + ".kubeconfig", "application/yaml", text.length);
        }), "");
        kubeconfig.setId("cluster-kubeconfig");
        kubeconfig.getElement().setAttribute("download", true);
        Button download = new Button("Kubeconfig", VaadinIcon.DOWNLOAD.create());
        download.setTooltipText("A kubeconfig with a client certificate signed for you, valid for a day");
        kubeconfig.add(download);
        add(kubeconfig, abort, delete, forceDelete);
    }

    void show(ClusterDetails c) {
        shown = c;
        String s = c.status();
        kubeconfig.setVisible(mayChange && "Running".equals(s));
        abort.setVisible(mayChange && ("Pending".equals(s) || "Provisioning".equals(s)));
        delete.setVisible(mayChange && ("Running".equals(s) || "Failed".equals(s)));
        boolean stuckable = "Deleting".equals(s) || "Aborting".equals(s);
        forceDelete.setVisible(mayChange && stuckable);
        long left = c.forceDeleteInSeconds() == null ? 0 : c.forceDeleteInSeconds();
        forceDelete.setEnabled(stuckable && left <= 0);
        forceDelete.setText(left > 0 ? "Force delete in " + timeLeft(left) : "Force delete");
        forceDelete.setTooltipText(left > 0 ? "Force delete opens " + ClusterService.FORCE_DELETE_AFTER.toMinutes()
                + " minutes after the delete began, if it has not finished by then." : "The delete has not finished: "
                + "forget the cluster; its remaining cloud resources are listed for you to clean up.");
    }

    /** "12 min 30 s", or "45 s" in the last minute. */
    static String timeLeft(long seconds) {
        return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
    }

    private void confirmAbort() {
        ConfirmDialog confirm = new ConfirmDialog("Abort cluster " + name + "?", "Provisioning stops and everything "
                + "created for the cluster so far is removed from the cloud; then the cluster is gone.",
                "Abort cluster", e -> act(() -> clusters.abort(project, name), "Aborting cluster " + name
                + ": what was created is being removed."));
        confirm.setId("cluster-abort-dialog");
        confirm.setCancelable(true);
        confirm.setCancelText("Keep provisioning");
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private void act(Runnable call, String done) {
        try {
            call.run();
            Notifications.success(done);
        } catch (AccessDeniedException | ConflictException | NotFoundException e) {
            Notifications.error(plain(e, project));
        }
        changed.run();
    }

    private ClusterService.ForceDeleted forced() {
        try {
            ClusterService.ForceDeleted result = clusters.forceDelete(project, name);
            changed.run();
            return result;
        } catch (AccessDeniedException | ConflictException | NotFoundException e) {
            Notifications.error(plain(e, project));
            changed.run();
            return null;
        }
    }

    /** The service's refusal in the console's words: no REST paths, and who may do it when the role is missing. */
    static String plain(RuntimeException e, String project) {
        if (e instanceof AccessDeniedException) {
            return "Your role in project " + project + " lets you look at clusters, not change them: a project admin "
                    + "or tenant admin can.";
        }
        String m = e.getMessage() == null ? "That did not work." : e.getMessage();
        return m.replaceAll("\\s*\\((?:POST|DELETE|GET) [^)]*\\)", "");
    }
}
