package org.stackport.account;

import java.util.List;

/** Which of the permissions the cluster lifecycle needs the account has, found by safe read calls. */
public record ValidationReport(boolean authenticated, List<Check> checks) {

    public record Check(String service, String permission, boolean allowed, String detail) {
    }
}
