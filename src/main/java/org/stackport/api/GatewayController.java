package org.stackport.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stackport.account.Inventory;
import org.stackport.gateway.GatewayEventView;
import org.stackport.gateway.GatewayRegistration;
import org.stackport.gateway.GatewayService;
import org.stackport.gateway.GatewayView;

@RestController
@RequestMapping("/api/v1/gateways")
@Tag(name = "Private cloud gateways", description = "Tenant admins only")
class GatewayController {

    private final GatewayService gateways;

    GatewayController(GatewayService gateways) {
        this.gateways = gateways;
    }

    record ResizeRequest(Integer size) {
    }

    record UpgradeRequest(String version) {
    }

    @GetMapping
    List<GatewayView> list() {
        return gateways.list();
    }

    @GetMapping("/{name}")
    GatewayView get(@PathVariable String name) {
        return gateways.get(name);
    }

    @PostMapping
    @Operation(summary = "Register a gateway; Keystone must accept the credentials; creates the cloud account of the same name")
    ResponseEntity<GatewayView> register(@RequestBody GatewayRegistration body) {
        GatewayView created = gateways.register(body);
        return ResponseEntity.created(URI.create("/api/v1/gateways/" + created.name())).body(created);
    }

    @org.springframework.web.bind.annotation.PutMapping("/{name}")
    @Operation(summary = "Edit and redeploy: new install values, checked like a registration (a blank password or CA "
            + "keeps the stored one); Installing until the next good health check")
    GatewayView redeploy(@PathVariable String name, @RequestBody GatewayRegistration body) {
        return gateways.redeploy(name, body);
    }

    @GetMapping("/{name}/events")
    @Operation(summary = "The gateway's events, newest first (registration, health changes, resize)")
    List<GatewayEventView> events(@PathVariable String name) {
        return gateways.details(name).events();
    }

    @PostMapping("/probe")
    @Operation(summary = "Check OpenStack credentials with Keystone without storing anything; answers what the cloud offers "
            + "for placement (networks, subnets, availability zones, ...)")
    Inventory probe(@RequestBody GatewayRegistration.OpenStack body) {
        return gateways.probe(body);
    }

    @PostMapping("/{name}/resize")
    ResponseEntity<GatewayView> resize(@PathVariable String name, @RequestBody ResizeRequest body) {
        return ResponseEntity.accepted().body(gateways.resize(name, body.size()));
    }

    @PostMapping("/{name}/upgrade")
    @Operation(summary = "Upgrade to the gateway version this Stackport ships; Upgrading until its next health check succeeds")
    ResponseEntity<GatewayView> upgrade(@PathVariable String name, @RequestBody UpgradeRequest body) {
        return ResponseEntity.accepted().body(gateways.upgrade(name, body.version()));
    }

    @PostMapping("/{name}/agent-token")
    @Operation(summary = "Replace an agent gateway's token: the old one stops working at once; the new one is in this "
            + "answer only")
    GatewayView rotateToken(@PathVariable String name) {
        return gateways.rotateToken(name);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        gateways.delete(name);
        return ResponseEntity.noContent().build();
    }
}
