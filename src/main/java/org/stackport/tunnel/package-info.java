/**
 * The gateway agent and its tunnel: the software a private cloud gateway runs inside the cloud. The agent dials out
 * to the console over one WebSocket and carries the TCP connections the console asks for to addresses inside the
 * cloud, and to nothing else. Plain Java (no Spring): the same classes run in the console (its end of the tunnel)
 * and in {@code java -jar stackport.jar gateway agent}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Gateway agent and tunnel")
package org.stackport.tunnel;
