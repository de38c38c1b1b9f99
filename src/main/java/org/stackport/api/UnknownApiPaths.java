package org.stackport.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Everything under {@code /api} that no endpoint serves. Without it the request would fall through to the console
 * (its HTML shell, with a session). A path that exists with other methods is a 405 naming them in {@code Allow};
 * anything else is a 404 problem.
 */
@RestController
class UnknownApiPaths {

    private final RequestMappingHandlerMapping mappings;

    UnknownApiPaths(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    // OPTIONS is named so that it comes here too (Spring would otherwise answer it 200 for any path under /api)
    @RequestMapping(value = {"/api", "/api/**"}, method = {RequestMethod.GET, RequestMethod.HEAD, RequestMethod.POST,
            RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE, RequestMethod.OPTIONS, RequestMethod.TRACE})
    ResponseEntity<ProblemDetail> unknown(HttpServletRequest request) {
        Set<String> allowed = new TreeSet<>();
        for (var entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            HandlerMethod handler = entry.getValue();
            if (handler.getBeanType() == UnknownApiPaths.class || info.getPathPatternsCondition() == null
                    || info.getPathPatternsCondition().getMatchingCondition(request) == null) {
                continue;
            }
            info.getMethodsCondition().getMethods().forEach(m -> allowed.add(m.name()));
        }
        if (allowed.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemHandler.problem(HttpStatus.NOT_FOUND,
                    "Not found", "There is nothing at " + request.getRequestURI() + " in the REST API; see /v3/api-docs."));
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        allowed.add("OPTIONS");
        if ("OPTIONS".equals(request.getMethod())) {
            return ResponseEntity.ok().header(HttpHeaders.ALLOW, String.join(", ", allowed)).build();
        }
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, String.join(", ", allowed))
                .body(ProblemHandler.problem(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
                        request.getRequestURI() + " does not take " + request.getMethod() + "; it takes "
                                + String.join(", ", allowed) + "."));
    }
}
