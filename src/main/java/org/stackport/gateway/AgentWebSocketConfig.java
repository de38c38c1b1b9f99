package org.stackport.gateway;

import jakarta.servlet.ServletContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.stackport.gateway.internal.GatewayRepository;
import org.stackport.tenancy.AuditLog;
import org.stackport.tunnel.GatewayAgent;

/** The agents' WebSocket on the console's own port; messages up to 64 KiB (a frame carries at most 32 KiB of data). */
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

    @Bean
    static ServletServerContainerFactoryBean agentWebSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean() {
            private boolean hasContainer;

            @Override
            public void setServletContext(ServletContext servletContext) {
                hasContainer = servletContext.getAttribute("jakarta.websocket.server.ServerContainer") != null;
                super.setServletContext(servletContext);
            }

            @Override
            public void afterPropertiesSet() {
                // a mock servlet context (browserless and MockMvc tests) has no WebSocket container to configure
                if (hasContainer) {
                    super.afterPropertiesSet();
                }
            }
        };
        container.setMaxBinaryMessageBufferSize(64 * 1024);
        container.setMaxTextMessageBufferSize(64 * 1024);
        container.setMaxSessionIdleTimeout(0L);
        return container;
    }
}
