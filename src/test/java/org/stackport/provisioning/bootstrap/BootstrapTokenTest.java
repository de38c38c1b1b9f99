package org.stackport.provisioning.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BootstrapTokenTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void a_generated_token_has_the_kubeadm_format() {
        BootstrapToken t = BootstrapToken.generate(random);
        assertThat(t.value()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(t.value()).isEqualTo(t.id() + "." + t.secret());
    }

    @Test
    void generated_tokens_differ_and_use_the_whole_alphabet() {
        Set<String> values = new HashSet<>();
        Set<Character> seen = new HashSet<>();
        IntStream.range(0, 1000).mapToObj(i -> BootstrapToken.generate(random)).forEach(t -> {
            values.add(t.value());
            t.secret().chars().forEach(c -> seen.add((char) c));
        });
        assertThat(values).hasSize(1000);
        // 16,000 draws from 36 symbols: every symbol shows up unless the draw is badly broken
        assertThat(seen).hasSize(36);
    }

    @Test
    void to_string_masks_the_secret() {
        BootstrapToken t = new BootstrapToken("abcdef", "0123456789abcdef");
        assertThat(t.toString()).contains("abcdef").doesNotContain("0123456789abcdef");
    }

    @Test
    void a_token_is_parsed_back_from_its_value_and_bad_formats_are_refused() {
        BootstrapToken t = BootstrapToken.generate(random);
        assertThat(BootstrapToken.parse(t.value())).isEqualTo(t);
        assertThatThrownBy(() -> BootstrapToken.parse("abcdef0123456789abcdef"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BootstrapToken("ABCDEF", "0123456789abcdef"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BootstrapToken("abcdef", "0123456789abcde"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
