package org.stackport.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.stereotype.Component;

/**
 * The jar gateway nodes download and run as their agent: the console's own executable jar (one artifact: the console,
 * the CLI and the agent). Absent when the console does not run from a jar (in an IDE or the tests).
 */
@Component
public class AgentJar {

    private final org.stackport.gateway.internal.GatewayRepository gateways;

    AgentJar(org.stackport.gateway.internal.GatewayRepository gateways) {
        this.gateways = gateways;
    }

    private volatile Optional<Path> jar;
    private volatile String sha256;

    public Optional<Path> path() {
        Optional<Path> j = jar;
        if (j == null) {
            java.io.File source = new ApplicationHome(AgentJar.class).getSource();
            j = source != null && source.isFile() && source.getName().endsWith(".jar") ? Optional.of(source.toPath())
                    : Optional.empty();
            jar = j;
        }
        return j;
    }

    /** Hex SHA-256 of the jar, or null when there is none. */
    public String sha256() {
        if (sha256 == null && path().isPresent()) {
            try (InputStream in = Files.newInputStream(path().get())) {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    d.update(buf, 0, n);
                }
                sha256 = HexFormat.of().formatHex(d.digest());
            } catch (IOException | NoSuchAlgorithmException e) {
                return null;
            }
        }
        return sha256;
    }

    /** True when {@code token} is the current token of an agent gateway (the download is for its nodes only). */
    public boolean tokenKnown(String token) {
        return AgentEndpoint.gatewayOfToken(gateways, token).isPresent();
    }
}
