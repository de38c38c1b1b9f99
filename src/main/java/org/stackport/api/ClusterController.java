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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterEvent;
import org.stackport.cluster.ClusterPage;
import org.stackport.cluster.ClusterReview;
import org.stackport.cluster.ClusterService;
import org.stackport.cluster.ClusterSpec;

@RestController
@RequestMapping("/api/v1/projects/{project}/clusters")
@Tag(name = "Clusters", description = "Clusters of a project: viewers read, project admins create")
class ClusterController {

    private final ClusterService clusters;

    ClusterController(ClusterService clusters) {
        this.clusters = clusters;
    }

    @GetMapping
    @Operation(summary = "The project's clusters that are not Deleted, newest first; filter by status and tag")
    ClusterPage list(@PathVariable String project, @RequestParam(required = false) String status,
                     @RequestParam(required = false) String tag, @RequestParam(defaultValue = "0") int offset,
                     @RequestParam(defaultValue = "100") int limit) {
        return clusters.list(project, status, tag, offset, limit);
    }

    @PostMapping
    @Operation(summary = "Create a cluster: checked (422 per field, including failed preflight checks), then stored as "
            + "Pending for provisioning")
    ResponseEntity<ClusterDetails> create(@PathVariable String project, @RequestBody ClusterSpec body) {
        ClusterDetails created = clusters.create(project, body);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/projects/" + project + "/clusters/" + created.name())).body(created);
    }

    @PostMapping("/review")
    @Operation(summary = "What creating this cluster would do: the resource plan and the preflight against the account's "
            + "quota and inventory; changes nothing")
    ClusterReview review(@PathVariable String project, @RequestBody ClusterSpec body) {
        return clusters.review(project, body);
    }

    @GetMapping("/{name}")
    @Operation(summary = "A cluster with its status, progress (0-100), nodes, control-plane endpoint and the ledger of its "
            + "cloud resources")
    ClusterDetails get(@PathVariable String project, @PathVariable String name) {
        return clusters.get(project, name);
    }

    @GetMapping("/{name}/events")
    @Operation(summary = "The provisioning tasks in the order they started: {at, task, state, message}")
    List<ClusterEvent> events(@PathVariable String project, @PathVariable String name) {
        return clusters.events(project, name);
    }

    @GetMapping(value = "/{name}/kubeconfig", produces = "application/yaml")
    @Operation(summary = "A kubeconfig for the caller, once the cluster is Running (project admins): the endpoint, the "
            + "cluster's CA and a client certificate signed for this download (24 h by default); audited")
    ResponseEntity<String> kubeconfig(@PathVariable String project, @PathVariable String name) {
        return ResponseEntity.ok()
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + name + ".kubeconfig\"")
                .body(clusters.kubeconfig(project, name));
    }

    @PostMapping("/{name}/abort")
    @Operation(summary = "Stop a cluster being provisioned: 202, then everything created for it is removed and it is "
            + "gone; 409 in any other state")
    ResponseEntity<ClusterDetails> abort(@PathVariable String project, @PathVariable String name) {
        return ResponseEntity.accepted().body(clusters.abort(project, name));
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete a Running or Failed cluster (202; 409 while Provisioning: abort instead). With "
            + "deleteVolumeClaims=true the cluster's PersistentVolumeClaims are deleted first (their volumes with them). With "
            + "force=true: only after 15 minutes in Deleting (else 409 with retryAfterSeconds); the cluster is forgotten "
            + "after one last sweep and the answer lists the cloud resources that may remain")
    ResponseEntity<?> delete(@PathVariable String project, @PathVariable String name,
                             @RequestParam(defaultValue = "false") boolean force,
                             @RequestParam(defaultValue = "false") boolean deleteVolumeClaims) {
        if (force) {
            ClusterService.ForceDeleted gone = clusters.forceDelete(project, name);
            return ResponseEntity.ok(new ForceDeleteAnswer(gone.cluster().name(), gone.cluster().status(),
                    gone.cluster().statusDetail(), gone.remaining()));
        }
        return ResponseEntity.accepted().body(clusters.delete(project, name, deleteVolumeClaims));
    }

    /** What a force delete answers: the cluster's last state and what may remain in the cloud. */
    record ForceDeleteAnswer(String name, String status, String statusDetail, List<ClusterDetails.Resource> remaining) {
    }
}
