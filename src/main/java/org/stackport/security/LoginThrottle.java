package org.stackport.security;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Counts failed console logins per user; the directory locks the user after too many in a row. */
@Component
class LoginThrottle {

    private final AccountDirectory directory;

    LoginThrottle(AccountDirectory directory) {
        this.directory = directory;
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        directory.loginFailed(event.getAuthentication().getName());
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        directory.loginSucceeded(event.getAuthentication().getName());
    }
}
