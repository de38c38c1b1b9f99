package org.stackport.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A gateway node's user data: cloud-init installs a Java runtime, fetches the agent (this very jar, from the
 * console's download route, its SHA-256 checked), and runs it as a systemd service with the gateway's token and
 * proxy settings. The agent's settings file is also what the simulator reads to start the agent in-process.
 */
final class GatewayCloudInit {

    static final String CONFIG = "/etc/stackport/gateway-agent.conf";

    record Proxy(String https, String http, List<String> noProxy, String caCertificatePath) {
    }

    private GatewayCloudInit() {
    }

    static String render(String consoleUrl, String token, String nodeName, String zone, String heartbeat, String jarSha256,
                         Proxy proxy, boolean patchOsOnBoot, boolean rebootAfterPatch) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("package_update", true);
        root.put("package_upgrade", patchOsOnBoot);
        root.put("packages", List.of("openjdk-21-jre-headless", "curl", "ca-certificates"));
        List<Map<String, Object>> files = new ArrayList<>();
        StringBuilder conf = new StringBuilder();
        conf.append("console=").append(consoleUrl).append('\n');
        conf.append("token=").append(token).append('\n');
        conf.append("node-name=").append(nodeName).append('\n');
        conf.append("zone=").append(zone == null ? "" : zone).append('\n');
        conf.append("heartbeat=").append(heartbeat).append('\n');
        files.add(file(CONFIG, conf.toString(), "0600"));
        StringBuilder env = new StringBuilder();
        if (proxy != null) {
            List<String> javaOptions = new ArrayList<>();
            if (blank(proxy.https()) == null && blank(proxy.http()) == null) {
                proxy = null;
            } else {
                if (blank(proxy.https()) != null) {
                    env.append("HTTPS_PROXY=").append(proxy.https()).append('\n');
                    env.append("https_proxy=").append(proxy.https()).append('\n');
                    java.net.URI u = java.net.URI.create(proxy.https());
                    javaOptions.add("-Dhttps.proxyHost=" + u.getHost());
                    javaOptions.add("-Dhttps.proxyPort=" + (u.getPort() > 0 ? u.getPort() : 443));
                }
                if (blank(proxy.http()) != null) {
                    env.append("HTTP_PROXY=").append(proxy.http()).append('\n');
                    env.append("http_proxy=").append(proxy.http()).append('\n');
                    java.net.URI u = java.net.URI.create(proxy.http());
                    javaOptions.add("-Dhttp.proxyHost=" + u.getHost());
                    javaOptions.add("-Dhttp.proxyPort=" + (u.getPort() > 0 ? u.getPort() : 80));
                }
                if (proxy.noProxy() != null && !proxy.noProxy().isEmpty()) {
                    env.append("NO_PROXY=").append(String.join(",", proxy.noProxy())).append('\n');
                    env.append("no_proxy=").append(String.join(",", proxy.noProxy())).append('\n');
                    javaOptions.add("-Dhttp.nonProxyHosts=" + String.join("|", proxy.noProxy()));
                }
                env.append("JAVA_TOOL_OPTIONS=").append(String.join(" ", javaOptions)).append('\n');
                files.add(file("/etc/stackport/proxy.env", env.toString(), "0600"));
            }
        }
        files.add(file("/etc/systemd/system/stackport-gateway-agent.service", """
                [Unit]
                Description=Stackport gateway agent
                After=network-online.target
                Wants=network-online.target

                [Service]
                EnvironmentFile=-/etc/stackport/proxy.env
                ExecStart=/usr/bin/java -Xmx128m -XX:+UseSerialGC -Xss256k -jar /opt/stackport/stackport.jar gateway agent --config %s
                Restart=always
                RestartSec=5

                [Install]
                WantedBy=multi-user.target
                """.formatted(CONFIG), "0644"));
        root.put("write_files", files);
        List<Object> commands = new ArrayList<>();
        if (proxy != null && blank(proxy.caCertificatePath()) != null) {
            commands.add(List.of("sh", "-c", "cp '" + proxy.caCertificatePath().replace("'", "")
                    + "' /usr/local/share/ca-certificates/stackport-proxy-ca.crt && update-ca-certificates"));
        }
        commands.add(List.of("mkdir", "-p", "/opt/stackport"));
        String fetch = (proxy != null ? ". /etc/stackport/proxy.env && export HTTPS_PROXY HTTP_PROXY NO_PROXY && " : "")
                + "curl -fsSL --retry 10 --retry-delay 5 -H \"Authorization: Bearer $(sed -n 's/^token=//p' " + CONFIG + ")\" '"
                + consoleUrl.replace("'", "") + "/gateway/agent/download'"
                + " -o /opt/stackport/stackport.jar.new"
                + (jarSha256 == null ? "" : " && echo '" + jarSha256 + "  /opt/stackport/stackport.jar.new' | sha256sum -c -")
                + " && mv /opt/stackport/stackport.jar.new /opt/stackport/stackport.jar";
        commands.add(List.of("sh", "-c", fetch));
        commands.add(List.of("systemctl", "daemon-reload"));
        commands.add(List.of("systemctl", "enable", "--now", "stackport-gateway-agent.service"));
        root.put("runcmd", commands);
        if (patchOsOnBoot && rebootAfterPatch) {
            root.put("power_state", Map.of("mode", "reboot", "message", "rebooting after the OS patch", "condition", true));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return "#cloud-config\n" + new Yaml(options).dump(root);
    }

    private static Map<String, Object> file(String path, String content, String permissions) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", path);
        f.put("permissions", permissions);
        f.put("content", content);
        return f;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
