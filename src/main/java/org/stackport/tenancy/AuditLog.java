package org.stackport.tenancy;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.stackport.security.CurrentUser;
import org.stackport.shared.ConflictException;
import org.stackport.shared.Errors;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.internal.AuditEvent;
import org.stackport.tenancy.internal.AuditEventRepository;

/**
 * The audit trail: who did what to which object, when, and how it ended.
 *
 * <p>{@link #run} owns the change's transaction. A success is written inside it (so it exists only if the change
 * does); a refusal or failure is written after that transaction has rolled back and given its connection back, in
 * a short transaction of its own. A request therefore never holds two pooled connections at once: a burst of
 * refused requests larger than the pool used to hold one connection each while waiting for a second one to record
 * the refusal, which starved everybody (health checks, other users, Quartz) until the pool's timeout.
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
    private final TransactionTemplate inTransaction;
    private final TransactionTemplate separate;
    /** How deep the current thread is in {@link #run}: a nested run leaves refusals to the outermost one. */
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    AuditLog(AuditEventRepository events, CurrentUser currentUser, ProjectAccess access, Clock clock,
             PlatformTransactionManager transactions) {
        this.events = events;
        this.currentUser = currentUser;
        this.access = access;
        this.clock = clock;
        this.inTransaction = new TransactionTemplate(transactions);
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Runs a change in a transaction (joining the caller's if there is one) and records its outcome; exceptions
     * pass through unchanged.
     */
    public <T> T run(String action, String target, Supplier<T> change) {
        String user = currentUser.nameOrAnonymous();
        int[] level = depth.get();
        boolean outermost = level[0] == 0;
        // Somebody else's transaction is open around us: the refusal can only be written beside it.
        boolean foreignTransaction = outermost && TransactionSynchronizationManager.isActualTransactionActive();
        level[0]++;
        try {
            return inTransaction.execute(tx -> {
                T result = change.get();
                write(user, action, target, SUCCESS, null);
                return result;
            });
        } catch (RuntimeException e) {
            if (outermost) {
                String outcome = e instanceof AccessDeniedException ? DENIED
                        : e instanceof ValidationException || e instanceof ConflictException
                                || e instanceof NotFoundException ? REJECTED : FAILED;
                String detail = FAILED.equals(outcome) ? e.getClass().getSimpleName() : e.getMessage();
                if (foreignTransaction) {
                    recordSeparately(user, action, target, outcome, detail);
                } else {
                    recordAfterwards(user, action, target, outcome, detail);
                }
            }
            throw e;
        } finally {
            if (--level[0] == 0) {
                depth.remove();
            }
        }
    }

    public void run(String action, String target, Runnable change) {
        run(action, target, () -> {
            change.run();
            return null;
        });
    }

    /** Records an event that is not a change made through {@link #run} (e.g. a sign-in refused). */
    public void record(String user, String action, String target, String outcome, String detail) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            recordSeparately(user, action, target, outcome, detail);
        } else {
            recordAfterwards(user, action, target, outcome, detail);
        }
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

    /** No transaction is open on this thread: the record gets a short one, holding the only connection in use. */
    private void recordAfterwards(String user, String action, String target, String outcome, String detail) {
        inTransaction.executeWithoutResult(tx -> write(user, action, target, outcome, detail));
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
