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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stackport.account.CloudAccountCommand;
import org.stackport.account.CloudAccountService;
import org.stackport.account.CloudAccountView;
import org.stackport.account.Inventory;
import org.stackport.account.Quota;
import org.stackport.account.ValidationReport;

@RestController
@RequestMapping("/api/v1/cloud-accounts")
@Tag(name = "Cloud accounts", description = "OpenStack credentials, checked against Keystone; the password is never returned")
class CloudAccountController {

    private final CloudAccountService accounts;

    CloudAccountController(CloudAccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    List<CloudAccountView> list() {
        return accounts.list();
    }

    @PostMapping
    @Operation(summary = "Register a cloud account; Keystone must accept the credentials first (else 422 with its reason)")
    ResponseEntity<CloudAccountView> create(@RequestBody CloudAccountCommand body) {
        CloudAccountView created = accounts.create(body);
        return ResponseEntity.created(URI.create("/api/v1/cloud-accounts/" + created.name())).body(created);
    }

    @GetMapping("/{name}")
    CloudAccountView get(@PathVariable String name) {
        return accounts.get(name);
    }

    @PutMapping("/{name}")
    @Operation(summary = "Change the settings or rotate the password (omit password to keep it)")
    CloudAccountView update(@PathVariable String name, @RequestBody CloudAccountCommand body) {
        return accounts.update(name, body);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        accounts.delete(name);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{name}/validate")
    @Operation(summary = "Which permissions the cluster lifecycle needs are allowed (safe read calls)")
    ValidationReport validate(@PathVariable String name) {
        return accounts.validate(name);
    }

    @GetMapping("/{name}/quota")
    @io.swagger.v3.oas.annotations.Operation(summary = "Used and limit per resource (instances, cores, RAM, volumes, "
            + "gigabytes, networks, ports, floating IPs, security groups, load balancers), read live; limit -1 is unlimited")
    Quota quota(@PathVariable String name) {
        return accounts.quota(name);
    }

    @GetMapping("/{name}/inventory")
    @Operation(summary = "Domains, regions, projects, networks, subnets, flavors, zones, key pairs and images, read live")
    Inventory inventory(@PathVariable String name) {
        return accounts.inventory(name);
    }
}
