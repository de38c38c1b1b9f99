package org.stackport.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.stackport.gateway.internal.GatewayRepository;
import org.stackport.tenancy.AuditLog;
import org.stackport.tunnel.AgentInfo;
import org.stackport.tunnel.Frame;
import org.stackport.tunnel.Mux;
import org.stackport.tunnel.TunnelStream;

/**
 * Where gateway agents connect: {@code /gateway/agent/connect} on the console's own port, a WebSocket whose
 * handshake carries the gateway's token ({@code Authorization: Bearer}). A wrong or replaced token is refused (401)
 * and audited; the token is compared by its SHA-256 and never logged. The agent's first frame is its hello; from then
 * on the link carries the gateway's connections until it closes or its heartbeats stop.
 */
class AgentEndpoint extends BinaryWebSocketHandler implements HandshakeInterceptor {

    static final String GATEWAY_ID = "stackport.gatewayId";
    private static final String MUX = "stackport.mux";
    private static final String LINK = "stackport.link";

    private final GatewayRepository gateways;
    private final GatewayTunnels tunnels;
    private final AuditLog audit;

    AgentEndpoint(GatewayRepository gateways, GatewayTunnels tunnels, AuditLog audit) {
        this.gateways = gateways;
        this.tunnels = tunnels;
        this.audit = audit;
    }

    /** The agent gateway whose current token this is. */
    static java.util.Optional<org.stackport.gateway.internal.Gateway> gatewayOfToken(GatewayRepository gateways,
                                                                                   String token) {
        return token == null || token.isBlank() ? java.util.Optional.empty()
                : gateways.findByAgentTokenHash(hash(token.strip())).filter(org.stackport.gateway.internal.Gateway::agent);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- handshake

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        String header = request.getHeaders().getFirst("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
        var gateway = gatewayOfToken(gateways, token);
        if (gateway.isEmpty()) {
            String from = request.getRemoteAddress() == null ? "unknown" : request.getRemoteAddress().getAddress().getHostAddress();
            audit.record("gateway-agent", "gateway.agent.connect", "gateway", "refused",
                    (token == null ? "no token" : "a token of no gateway") + " from " + from);
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        attributes.put(GATEWAY_ID, gateway.get().id());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }

    // ---- the link

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        // a frame carries at most 32 KiB of data; the container's default buffer is 8 KiB
        session.setBinaryMessageSizeLimit(64 * 1024);
        long gatewayId = (Long) session.getAttributes().get(GATEWAY_ID);
        Mux mux = new Mux(frame -> session.sendMessage(new BinaryMessage(frame)), new Mux.Listener() {
            @Override
            public void onLinkFrame(Frame frame) {
                AgentInfo info = AgentInfo.decode(frame.text());
                GatewayTunnels.Link link = (GatewayTunnels.Link) session.getAttributes().get(LINK);
                if (frame.type() == Frame.HELLO && link == null) {
                    session.getAttributes().put(LINK, tunnels.connected(gatewayId,
                            (Mux) session.getAttributes().get(MUX), () -> closeQuietly(session), info));
                } else if (frame.type() == Frame.HEARTBEAT && link != null) {
                    tunnels.heartbeat(link, info);
                }
            }

            @Override
            public void onOpen(Mux mux, TunnelStream stream) {
                mux.refuse(stream, "the console opens no connections for agents");
            }

            @Override
            public void onRefused(String destination, String why) {
                tunnels.refusedByAgent(gatewayId, destination, why);
            }
        });
        session.getAttributes().put(MUX, mux);
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        Mux mux = (Mux) session.getAttributes().get(MUX);
        if (mux != null) {
            mux.receive(message.getPayload());
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        ended(session, "the link failed: " + (exception.getMessage() == null ? exception.getClass().getSimpleName()
                : exception.getMessage()));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        ended(session, "the agent's link closed (" + status.getCode()
                + (status.getReason() == null || status.getReason().isEmpty() ? "" : ": " + status.getReason()) + ")");
    }

    private void ended(WebSocketSession session, String why) {
        GatewayTunnels.Link link = (GatewayTunnels.Link) session.getAttributes().remove(LINK);
        Mux mux = (Mux) session.getAttributes().get(MUX);
        if (link != null) {
            tunnels.disconnected(link, why);
        } else if (mux != null) {
            mux.close(why);
        }
    }

    private static void closeQuietly(WebSocketSession session) {
        try {
            session.close(CloseStatus.GOING_AWAY);
        } catch (IOException ignored) {
            // already gone
        }
    }
}
