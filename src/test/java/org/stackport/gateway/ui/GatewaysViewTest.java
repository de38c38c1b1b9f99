package org.stackport.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class GatewaysViewTest extends SpringBrowserlessTest {

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void the_embedded_gateway_is_listed_running_with_its_cloud_account() {
        GatewaysView view = navigate(GatewaysView.class);
        assertThat(IntStream.range(0, test(view.grid).size()).mapToObj(i -> test(view.grid).getRow(i)))
                .anySatisfy(g -> {
                    assertThat(g.name()).isEqualTo("local-gateway");
                    assertThat(g.status()).isEqualTo("Running");
                    assertThat(g.cloudAccount()).isEqualTo("local-openstack");
                });
    }
}
