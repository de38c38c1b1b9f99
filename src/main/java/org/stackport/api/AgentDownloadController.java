package org.stackport.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.stackport.gateway.AgentJar;

/**
 * Where gateway nodes fetch the agent: this console's own jar, for a caller holding a gateway's current token
 * ({@code Authorization: Bearer}); its SHA-256 is in {@code X-Checksum-SHA256} (and in the nodes' user data, which
 * checks it before running anything).
 */
@RestController
class AgentDownloadController {

    private final AgentJar jar;

    AgentDownloadController(AgentJar jar) {
        this.jar = jar;
    }

    @GetMapping("/gateway/agent/download")
    ResponseEntity<?> download(@RequestHeader(name = "Authorization", required = false) String authorization)
            throws IOException {
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        if (!jar.tokenKnown(token)) {
            return problem(HttpStatus.UNAUTHORIZED, "Send the gateway's agent token as 'Authorization: Bearer <token>'.");
        }
        if (jar.path().isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "This console does not run from its jar (started from a build "
                    + "directory), so it has no agent to hand out.");
        }
        Path path = jar.path().get();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/java-archive"))
                .contentLength(Files.size(path)).header("X-Checksum-SHA256", jar.sha256())
                .header("Content-Disposition", "attachment; filename=\"stackport.jar\"")
                .body(new FileSystemResource(path));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
