package org.stackport.profile.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class ClusterProfilesViewTest extends SpringBrowserlessTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.stackport.support.Fixtures fixtures;

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
        test(k8s.values).setValue("kubernetesVersion: [");
        test(editor.save).click();
        assertThat(editor.isOpened()).isTrue();
        assertThat(k8s.values.isInvalid()).isTrue();
        assertThat(k8s.values.getErrorMessage()).contains("Is not valid YAML at line");

        test(k8s.packVersion).selectItem("1.30.8");
        assertThat(k8s.values.getValue()).contains("\"1.30.8\"");
        editor.addonChoice.setValue("metrics-server");
        test(editor.addAddon).click();
        assertThat(editor.layers).hasSize(5);
        test(editor.save).click();
        assertThat(editor.isOpened()).isFalse();
        assertThat(IntStream.range(0, test(view.grid).size()).mapToObj(i -> test(view.grid).getRow(i)))
                .anySatisfy(p -> {
                    assertThat(p.name()).isEqualTo("view-profile");
                    assertThat(p.version()).isEqualTo("1.0.0");
                    assertThat(p.layers()).contains("kubernetes 1.30.8", "metrics-server");
                });

        view.openEditor("view-profile");
        roundTrip();
        assertThat(view.editor.layers).hasSize(5);
        assertThat(view.editor.layers.get(1).packVersion.getValue()).isEqualTo("1.30.8");
        test(view.editor.save).click();
        assertThat(IntStream.range(0, test(view.grid).size()).mapToObj(i -> test(view.grid).getRow(i)))
                .anySatisfy(p -> assertThat(p.name() + " " + p.version()).isEqualTo("view-profile 1.0.1"));
    }

    @Test
    @WithMockUser(username = "pv-viewer", roles = "USER")
    void someone_who_is_no_project_admin_sees_no_buttons_to_change_profiles() {
        fixtures.user("pv-viewer", false);
        fixtures.member("default", "pv-viewer", org.stackport.tenancy.ProjectRole.PROJECT_VIEWER);
        ClusterProfilesView view = navigate(ClusterProfilesView.class);
        assertThat(view.create.isVisible()).isFalse();
    }
}
