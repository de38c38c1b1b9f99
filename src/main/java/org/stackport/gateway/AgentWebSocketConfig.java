package org.stackport.gateway;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.stackport.gateway.internal.GatewayRepository;
import org.stackport.tenancy.AuditLog;
import org.stackport.tunnel.GatewayAgent;

/** The agents' WebSocket on the console's own port. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class AgentWebSocketConfig implements WebSocketConfigurer {

    private final AgentEndpoint endpoint;

    AgentWebSocketConfig(GatewayRepository gateways, GatewayTunnels tunnels, AuditLog audit) {
        this.endpoint = new AgentEndpoint(gateways, tunnels, audit);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // agents are not browsers: no Origin to check
        registry.addHandler(endpoint, GatewayAgent.PATH).addInterceptors(endpoint).setAllowedOriginPatterns("*");
    }
}
