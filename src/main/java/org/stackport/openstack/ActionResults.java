package org.stackport.openstack;

import org.openstack4j.model.common.ActionResponse;

/**
 * openstack4j answers deletes with an {@link ActionResponse} instead of throwing: a failed one is classified
 * here exactly as {@link Failures} classifies exceptions, and a 404 means the object is already gone.
 */
final class ActionResults {

    private ActionResults() {
    }

    /** Returns normally when the action succeeded or the object was not there (404); throws otherwise. */
    static void doneOrGone(String action, ActionResponse response) {
        if (response == null || response.isSuccess() || response.getCode() == 404) {
            return;
        }
        throw failure(action, response);
    }

    /** Returns normally when a (non-delete) action succeeded; anything else is classified, a 404 as NOT_FOUND. */
    static void succeeded(String action, ActionResponse response) {
        if (response != null && !response.isSuccess()) {
            throw failure(action, response);
        }
    }

    private static CloudFailure failure(String action, ActionResponse response) {
        return new CloudFailure(Failures.kindOf(response.getCode(), response.getFault()), action, response.getCode(),
                response.getFault(), null, null);
    }
}
