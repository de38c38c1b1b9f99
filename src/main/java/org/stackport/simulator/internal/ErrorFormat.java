package org.stackport.simulator.internal;

/** Picks the error body shape by the service a path belongs to. */
public final class ErrorFormat {

    private ErrorFormat() {
    }

    public static ServiceError forPath(String path, int status, String message) {
        String kind = switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 409 -> "conflictingRequest";
            case 413, 429 -> "overLimit";
            default -> "computeFault";
        };
        if (path.startsWith("/compute")) {
            return ServiceError.nova(status, kind, message);
        }
        if (path.startsWith("/volume")) {
            return ServiceError.cinder(status, "computeFault".equals(kind) ? "serviceFault" : kind, message);
        }
        if (path.startsWith("/network")) {
            return ServiceError.neutron(status, status >= 500 ? "HTTPInternalServerError" : "HTTPError", message);
        }
        if (path.startsWith("/load-balancer")) {
            return ServiceError.octavia(status, status >= 500 ? "Server" : "Client", message);
        }
        if (path.startsWith("/image")) {
            // Glance (webob): {"message", "code": "503 Service Unavailable", "title"}
            tools.jackson.databind.node.ObjectNode body = Json.object();
            body.put("message", message).put("code", status + " " + title(status)).put("title", title(status));
            return new ServiceError(status, body, message);
        }
        return ServiceError.keystone(status, title(status), message);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
