package org.stackport.profile.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.profile.ClusterProfileService;
import org.stackport.profile.Pack;
import org.stackport.profile.ProfileCommand;
import org.stackport.profile.ProfilePack;
import org.stackport.profile.ProfileSummary;
import org.stackport.support.Fixtures;
import org.stackport.support.RunAs;
import org.stackport.tenancy.ProjectRole;

@SpringBootTest
@ActiveProfiles("test")
class ClusterProfilesViewTest extends SpringBrowserlessTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    ClusterProfileService profiles;

    List<ProfileSummary> rows(ClusterProfilesView view) {
        return IntStream.range(0, test(view.grid).size()).mapToObj(i -> test(view.grid).getRow(i)).toList();
    }

    int row(ClusterProfilesView view, String name) {
        return IntStream.range(0, test(view.grid).size()).filter(i -> test(view.grid).getRow(i).name().equals(name))
                .findFirst().orElseThrow();
    }

    void ensureProfile(String name) {
        RunAs.admin(() -> {
            if (profiles.list().stream().noneMatch(p -> p.name().equals(name))) {
                List<ProfilePack> packs = List.of("ubuntu", "kubernetes", "calico", "cinder-csi").stream().map(n -> {
                    Pack p = profiles.packs().stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow();
                    return new ProfilePack(p.layer(), n, p.versions().getFirst(), p.defaultValues().get(p.versions().getFirst()));
                }).toList();
                profiles.create(new ProfileCommand(name, null, "by the view test", "openstack", "infrastructure", packs));
            }
        });
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void a_profile_is_made_in_the_editor_a_yaml_error_is_shown_on_its_pack_and_a_new_version_follows() {
        ClusterProfilesView view = navigate(ClusterProfilesView.class);
        test(view.create).click();
        roundTrip();
        ProfileEditor editor = view.editor;
        test(editor.name).setValue("view-profile");
        assertThat(editor.layers).hasSize(4);
        ProfileEditor.Layer k8s = editor.layers.get(1);
        assertThat(k8s.pack.getValue()).isEqualTo("kubernetes");
        assertThat(k8s.values.getValue()).contains("kubernetesVersion: \"" + k8s.packVersion.getValue() + "\"");
        String defaults = k8s.values.getValue();
        test(k8s.values).setValue("kubernetesVersion: [");
        test(editor.save).click();
        assertThat(editor.isOpened()).isTrue();
        assertThat(k8s.values.isInvalid()).isTrue();
        assertThat(k8s.values.getErrorMessage()).contains("Is not valid YAML at line");
        assertThat(editor.layers.get(0).values.isInvalid()).isFalse();

        // an edit survives a change of version; the version inside the values follows
        test(k8s.values).setValue(defaults.replace("192.168.0.0/16", "172.16.0.0/16"));
        test(k8s.packVersion).selectItem("1.30.8");
        assertThat(k8s.values.getValue()).contains("\"1.30.8\"").contains("172.16.0.0/16");
        editor.addonChoice.setValue("metrics-server");
        test(editor.addAddon).click();
        assertThat(editor.layers).hasSize(5);
        test(editor.save).click();
        assertThat(editor.isOpened()).isFalse();
        assertThat(rows(view)).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("view-profile");
            assertThat(p.version()).isEqualTo("1.0.0");
            assertThat(p.layers()).contains("kubernetes 1.30.8", "metrics-server");
        });

        view.openEditor("view-profile");
        roundTrip();
        assertThat(view.editor.layers).hasSize(5);
        assertThat(view.editor.layers.get(1).packVersion.getValue()).isEqualTo("1.30.8");
        assertThat(view.editor.layers.get(1).values.getValue()).contains("172.16.0.0/16");
        test(view.editor.save).click();
        assertThat(rows(view)).anySatisfy(p -> assertThat(p.name() + " " + p.version()).isEqualTo("view-profile 1.0.1"));
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void another_network_pack_starts_from_its_defaults_and_every_version_stays_readable() {
        ensureProfile("view-cni");
        ClusterProfilesView view = navigate(ClusterProfilesView.class);
        view.openEditor("view-cni");
        roundTrip();
        ProfileEditor.Layer cni = view.editor.layers.get(2);
        assertThat(cni.pack.getValue()).isEqualTo("calico");
        test(cni.pack).selectItem("Cilium");
        assertThat(cni.packVersion.getValue()).isEqualTo("1.16.5");
        assertThat(cni.values.getValue()).contains("tunnelProtocol: vxlan").doesNotContain("encapsulation");
        test(cni.values).setValue(cni.values.getValue().replace("mtu: 1450", "mtu: 20000"));
        test(view.editor.save).click();
        assertThat(cni.values.getErrorMessage()).contains("'mtu' must be a whole number from 1200 to 9000 (line 5)");
        test(cni.values).setValue(cni.values.getValue().replace("mtu: 20000", "mtu: 1400"));
        test(view.editor.save).click();
        assertThat(view.editor.isOpened()).isFalse();
        assertThat(rows(view)).anySatisfy(p -> assertThat(p.name() + " " + p.layers()).startsWith("view-cni").contains("cilium 1.16.5"));

        view.openVersions("view-cni");
        roundTrip();
        VersionsDialog versions = view.versions;
        assertThat(test(versions.versions).size()).isEqualTo(2);
        assertThat(test(versions.versions).getCellText(0, 0)).isEqualTo("1.0.1 (latest)");
        test(versions.versions).select(1);
        List<TextArea> shown = versions.packs.getChildren().filter(TextArea.class::isInstance).map(TextArea.class::cast).toList();
        assertThat(shown).hasSize(4).allSatisfy(t -> assertThat(t.isReadOnly()).isTrue());
        assertThat(shown.get(2).getLabel()).startsWith("cni · calico");
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void a_profile_is_deleted_after_confirmation() {
        ensureProfile("view-delete");
        ClusterProfilesView view = navigate(ClusterProfilesView.class);
        view.confirmDelete("view-delete");
        roundTrip();
        test(view.deleteConfirm).cancel();
        assertThat(rows(view)).extracting(ProfileSummary::name).contains("view-delete");
        view.confirmDelete("view-delete");
        roundTrip();
        assertThat(test(view.deleteConfirm).getHeader()).isEqualTo("Delete cluster profile view-delete?");
        test(view.deleteConfirm).confirm();
        assertThat(rows(view)).extracting(ProfileSummary::name).doesNotContain("view-delete");
    }

    @Test
    @WithMockUser(username = "pv-viewer", roles = "USER")
    void someone_who_is_no_project_admin_sees_no_buttons_to_change_profiles() {
        fixtures.user("pv-viewer", false);
        fixtures.member("default", "pv-viewer", ProjectRole.PROJECT_VIEWER);
        ensureProfile("view-read");
        ClusterProfilesView view = navigate(ClusterProfilesView.class);
        assertThat(view.create.isVisible()).isFalse();
        HorizontalLayout actions = (HorizontalLayout) test(view.grid).getCellComponent(row(view, "view-read"), 5);
        List<Button> buttons = actions.getChildren().map(Button.class::cast).toList();
        assertThat(buttons.stream().filter(Button::isVisible).map(Button::getText)).containsExactly("Versions");
    }
}
