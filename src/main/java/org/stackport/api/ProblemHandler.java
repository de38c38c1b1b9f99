package org.stackport.api;

import java.net.URI;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.stackport.shared.ConflictException;
import org.stackport.shared.FieldError;
import org.stackport.shared.NameTakenException;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;

/** Every error of the REST API as {@code application/problem+json}. */
@RestControllerAdvice(basePackageClasses = ProblemHandler.class)
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ValidationException.class)
    ProblemDetail invalid(ValidationException e) {
        List<FieldError> errors = e.errors();
        boolean taken = e instanceof NameTakenException;
        ProblemDetail p = ProblemDetail.forStatusAndDetail(taken ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT,
                errors.size() == 1
                        ? errors.getFirst().field() + ": " + errors.getFirst().message()
                        : errors.size() + " fields are invalid: "
                                + String.join(", ", errors.stream().map(FieldError::field).distinct().toList()));
        p.setTitle(taken ? "Name taken" : "Invalid input");
        p.setType(URI.create(taken ? "https://stackport.org/problems/name-taken" : "https://stackport.org/problems/validation"));
        p.setProperty("errors", errors);
        return p;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
        if (e.retryAfterSeconds() == null) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(p);
        }
        p.setProperty("retryAfterSeconds", e.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds())).body(p);
    }

    /** The cloud answered with an error: 502 with its own message in plain words. */
    @ExceptionHandler(org.stackport.openstack.CloudFailure.class)
    ProblemDetail cloud(org.stackport.openstack.CloudFailure e) {
        ProblemDetail p = problem(HttpStatus.BAD_GATEWAY, "Cloud error", e.getMessage());
        p.setProperty("cloudKind", e.kind().name());
        if (e.requestId() != null) {
            p.setProperty("requestId", e.requestId());
        }
        return p;
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail concurrentChange(OptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", "Someone else changed this at the same time; read it again and retry.");
    }

    /** Two requests made the same name at once: the database let one win; the others are told so. */
    @ExceptionHandler(DuplicateKeyException.class)
    ProblemDetail duplicate(DuplicateKeyException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", "Something of that name was made at the same moment; "
                + "it exists now. Choose another name, or read the existing one.");
    }

    /** Another transaction holds the rows this change needs (e.g. the same name being made right now). */
    @ExceptionHandler(PessimisticLockingFailureException.class)
    ProblemDetail locked(PessimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", "Someone else is changing this at the same moment; read it "
                + "again and retry.");
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException e) {
        log.warn("A change was refused by the database: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "Conflict", "The change conflicts with existing data.");
    }

    /** Whatever else goes wrong inside an endpoint: a 500 problem, never the console's error page. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure in the REST API (reference {})", reference, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "Stackport failed to answer this request; the log has the details under reference " + reference + ".");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage() == null || e.getMessage().equals("Access Denied")
                ? "Your role does not allow this." : e.getMessage());
    }

    @ExceptionHandler(AuthenticationException.class)
    ProblemDetail unauthenticated(AuthenticationException e) {
        return problem(HttpStatus.UNAUTHORIZED, "Unauthorized", "Send a valid API key in the 'ApiKey' header.");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request",
                "The request body is not valid JSON for this endpoint."));
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        return p;
    }
}
