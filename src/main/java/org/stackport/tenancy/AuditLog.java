package org.stackport.tenancy;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.stackport.security.CurrentUser;
import org.stackport.shared.ConflictException;
import org.stackport.shared.Errors;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.internal.AuditEvent;
import org.stackport.tenancy.internal.AuditEventRepository;

/**
 * The audit trail: who did what to which object, when, and how it ended. A success is written in the
 * caller's transaction (so it exists only if the change does); a refusal or failure in a transaction
 * of its own, so it stays although the change is rolled back.
 */
@Service
public class AuditLog {

    public static final String SUCCESS = "success";
    public static final String DENIED = "denied";
    public static final String REJECTED = "rejected";
    public static final String FAILED = "failed";

    private final AuditEventRepository events;
    private final CurrentUser currentUser;
    private final ProjectAccess access;
    private final Clock clock;
    private final TransactionTemplate separate;

    AuditLog(AuditEventRepository events, CurrentUser currentUser, ProjectAccess access, Clock clock,
             PlatformTransactionManager transactions) {
        this.events = events;
        this.currentUser = currentUser;
        this.access = access;
        this.clock = clock;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Runs a change and records its outcome; exceptions pass through unchanged. */
    public <T> T run(String action, String target, Supplier<T> change) {
        String user = currentUser.nameOrAnonymous();
        T result;
        try {
            result = change.get();
        } catch (AccessDeniedException e) {
            recordSeparately(user, action, target, DENIED, e.getMessage());
            throw e;
        } catch (ValidationException | ConflictException | NotFoundException e) {
            recordSeparately(user, action, target, REJECTED, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            recordSeparately(user, action, target, FAILED, e.getClass().getSimpleName());
            throw e;
        }
        write(user, action, target, SUCCESS, null);
        return result;
    }

    public void run(String action, String target, Runnable change) {
        run(action, target, () -> {
            change.run();
            return null;
        });
    }

    /** Records an event that is not a change made through {@link #run} (e.g. a sign-in refused). */
    public void record(String user, String action, String target, String outcome, String detail) {
        recordSeparately(user, action, target, outcome, detail);
    }

    /** Newest first; tenant admins only. */
    public List<AuditEntry> list(int offset, int limit) {
        access.requireTenantAdmin();
        if (limit < 1 || limit > 1000) {
            new Errors().add("limit", "must be between 1 and 1000").throwIfAny();
        }
        return events.newestFirst(Math.max(0, offset), limit).stream()
                .map(e -> new AuditEntry(e.at(), e.username(), e.action(), e.target(), e.outcome(), e.detail()))
                .toList();
    }

    private void recordSeparately(String user, String action, String target, String outcome, String detail) {
        separate.executeWithoutResult(tx -> write(user, action, target, outcome, detail));
    }

    private void write(String user, String action, String target, String outcome, String detail) {
        events.save(new AuditEvent(null, clock.instant(), truncate(user, 63), action, truncate(target, 255), outcome,
                truncate(detail, 1000)));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
