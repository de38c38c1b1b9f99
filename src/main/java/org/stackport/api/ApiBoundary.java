package org.stackport.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.stackport.security.ProblemWriter;
import org.stackport.shared.StackportProperties;

/**
 * The outer edge of {@code /api/**}, in front of security: whatever happens inside, the answer is a problem+json
 * of the REST API, never the console (no error page dispatch, no session, no HTML), and one caller cannot hold
 * more than its share of the server.
 *
 * <ul>
 *   <li>{@code sendError} from anywhere inside (security, Spring MVC, the container) is answered here as
 *       problem+json instead of being dispatched to {@code /error}, which belongs to the console;</li>
 *   <li>an exception that escapes everything is a 500 problem with a reference that is also in the log;</li>
 *   <li>asking for an HTTP session is refused: the API is stateless, so no response can set a session cookie;</li>
 *   <li>one caller (its API key, or its address without one) runs at most a few requests at once, a few more
 *       wait briefly, the rest are answered 429 — so a burst from one key cannot take every pooled database
 *       connection from everybody else.</li>
 * </ul>
 */
final class ApiBoundary extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiBoundary.class);

    private final StackportProperties.Api limits;
    private final ConcurrentHashMap<String, CallerSlots> callers = new ConcurrentHashMap<>();

    ApiBoundary(StackportProperties.Api limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemResponse problems = new ProblemResponse(response);
        String caller = callerOf(request);
        CallerSlots slots = callers.computeIfAbsent(caller, c -> new CallerSlots(limits.maxConcurrentPerCaller()));
        if (!slots.enter(limits)) {
            response.setHeader("Retry-After", "1");
            ProblemWriter.write(response, HttpStatus.TOO_MANY_REQUESTS.value(), "Too many requests",
                    "This caller already has " + limits.maxConcurrentPerCaller() + " requests running and "
                            + limits.maxQueuedPerCaller() + " waiting; retry when some have finished.");
            return;
        }
        try {
            chain.doFilter(new Sessionless(request), problems);
        } catch (Exception e) {
            String reference = UUID.randomUUID().toString();
            log.error("Unexpected failure answering {} {} (reference {})", request.getMethod(), request.getRequestURI(),
                    reference, e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                ProblemWriter.write(response, 500, "Internal error", "Stackport failed to answer this request; the log "
                        + "has the details under reference " + reference + ".");
            }
        } finally {
            slots.leave();
            if (slots.idle()) {
                callers.remove(caller, slots);
            }
        }
    }

    /** The key's hash (the key itself never stays in memory here), else the client's address. */
    private static String callerOf(HttpServletRequest request) {
        String key = request.getHeader("ApiKey");
        if (key == null || key.isBlank()) {
            return "address:" + request.getRemoteAddr();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.strip().getBytes(StandardCharsets.UTF_8));
            return "key:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Running and waiting requests of one caller. */
    private static final class CallerSlots {
        private final Semaphore running;
        private final int max;
        private final AtomicInteger waiting = new AtomicInteger();

        CallerSlots(int max) {
            this.max = max;
            this.running = new Semaphore(max, true);
        }

        boolean enter(StackportProperties.Api limits) {
            if (running.tryAcquire()) {
                return true;
            }
            if (waiting.incrementAndGet() > limits.maxQueuedPerCaller()) {
                waiting.decrementAndGet();
                return false;
            }
            try {
                return running.tryAcquire(limits.queueWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiting.decrementAndGet();
            }
        }

        void leave() {
            running.release();
        }

        boolean idle() {
            return waiting.get() == 0 && running.availablePermits() == max;
        }
    }

    /** The API never opens an HTTP session; anything inside that asks for one is a programming error. */
    private static final class Sessionless extends HttpServletRequestWrapper {
        Sessionless(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }

        @Override
        public HttpSession getSession(boolean create) {
            if (create) {
                throw new IllegalStateException("The REST API is stateless and never opens an HTTP session.");
            }
            return null;
        }
    }

    /** Turns {@code sendError} into a problem+json body written at once, so the container has no error page to show. */
    private static final class ProblemResponse extends HttpServletResponseWrapper {
        ProblemResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (isCommitted()) {
                return;
            }
            resetBuffer();
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            String detail = message == null || message.isBlank() ? defaultDetail(status) : message;
            ProblemWriter.write((HttpServletResponse) getResponse(), status, title, detail);
        }

        private static String defaultDetail(int status) {
            return switch (status) {
                case 400 -> "The request is malformed.";
                case 401 -> "Send a valid API key in the 'ApiKey' header.";
                case 403 -> "Your role does not allow this.";
                case 404 -> "There is nothing at this address in the REST API.";
                case 405 -> "This address does not take this method.";
                default -> "The request could not be answered.";
            };
        }
    }
}
