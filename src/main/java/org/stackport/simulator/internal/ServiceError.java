package org.stackport.simulator.internal;

import tools.jackson.databind.node.ObjectNode;

/**
 * An error answer exactly as the named service sends it. Each service has its own body shape:
 * Keystone {@code {"error":{code,message,title}}}, Nova and Cinder {@code {"<kind>":{message,code}}},
 * Neutron {@code {"NeutronError":{type,message,detail}}}, Octavia {@code {faultcode,faultstring}}.
 */
public class ServiceError extends RuntimeException {

    private final int status;
    private final transient ObjectNode body;

    public ServiceError(int status, ObjectNode body, String message) {
        super(message);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public ObjectNode body() {
        return body;
    }

    public static ServiceError keystone(int code, String title, String message) {
        ObjectNode body = Json.object();
        body.putObject("error").put("code", code).put("title", title).put("message", message);
        return new ServiceError(code, body, message);
    }

    /** Nova and Cinder: kind is {@code badRequest}, {@code itemNotFound}, {@code forbidden}, {@code conflictingRequest}, {@code overLimit}. */
    public static ServiceError nova(int code, String kind, String message) {
        ObjectNode body = Json.object();
        body.putObject(kind).put("message", message).put("code", code);
        return new ServiceError(code, body, message);
    }

    public static ServiceError cinder(int code, String kind, String message) {
        return nova(code, kind, message);
    }

    public static ServiceError neutron(int code, String type, String message) {
        ObjectNode body = Json.object();
        body.putObject("NeutronError").put("type", type).put("message", message).put("detail", "");
        return new ServiceError(code, body, message);
    }

    public static ServiceError octavia(int code, String faultcode, String message) {
        ObjectNode body = Json.object();
        body.put("faultcode", faultcode).put("faultstring", message).putNull("debuginfo");
        return new ServiceError(code, body, message);
    }

    /** The 401 that keystonemiddleware answers for every service when a token is missing or bad. */
    public static ServiceError unauthorized() {
        return keystone(401, "Unauthorized", "The request you have made requires authentication.");
    }
}
